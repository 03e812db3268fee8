// Types of deploy-rollback/element: the <rollback-preview> custom element.
import type { Comparison, Eligibility, InputError, Plan, ScenarioInput } from "./index.js";

/** `detail` of `targetchange`: the user picked a history entry (cancelable: preventDefault() keeps the previous one). */
export interface TargetChangeDetail {
  /** The picked entry's id. */
  target: string;
  /** The entry picked before, or null. */
  previous: string | null;
}

/** `detail` of `planchange`: the plan shown changed (a pick, a new scenario, "now", the description). */
export interface PlanChangeDetail {
  /** The picked entry's id, or null when none is picked. */
  target: string | null;
  /** The engine's plan for it; null when nothing is picked or the engine refused to plan (see `error`). */
  plan: Plan | null;
  /** The engine's error for the plan (descriptionTooLong, unknownDeploy at `target`), or null. */
  error: InputError | null;
}

/** `detail` of `comparechange`: the comparison shown changed (a second entry picked, a new target or scenario). */
export interface CompareChangeDetail {
  /** The entry the target is compared with (`compareWith`), or null. */
  from: string | null;
  /** The target, or null. */
  to: string | null;
  /** `compareEntries(scenario, from, to)`; null when there is nothing to compare or the engine refused (see `error`). */
  comparison: Comparison | null;
  /** The engine's error for the comparison (unknownDeploy at `from` or `to`), or null. */
  error: InputError | null;
}

/** `detail` of `pagechange`: the page of the history shown changed (turned by the user, or to show a target). */
export interface PageChangeDetail {
  /** The page shown, from 0 (newest entries first). */
  page: number;
  pageCount: number;
  /** The ids of the entries on that page, newest first. */
  ids: string[];
}

export type TargetChangeEvent = CustomEvent<TargetChangeDetail>;
export type PlanChangeEvent = CustomEvent<PlanChangeDetail>;
export type PageChangeEvent = CustomEvent<PageChangeDetail>;
export type CompareChangeEvent = CustomEvent<CompareChangeDetail>;

export interface RollbackPreviewEventMap extends HTMLElementEventMap {
  targetchange: TargetChangeEvent;
  planchange: PlanChangeEvent;
  pagechange: PageChangeEvent;
  comparechange: CompareChangeEvent;
}

/**
 * `<rollback-preview>`: a Deployment's history with each entry's eligibility, and the plan
 * of the picked target. Loads the WebAssembly module itself.
 */
export declare class RollbackPreview extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The scenario: an object or its JSON text; null for none. Attribute `scenario` (JSON text). */
  scenario: ScenarioInput | string | null;
  /** The picked history entry's id, or null. Attribute `target`. */
  target: string | null;
  /** "Now" in place of the scenario's own (RFC 3339 text, or a Date when set), or null. Attribute `now`. */
  now: string | Date | null;
  /** The rollback's description, as the plan's new history entry carries it. Attribute `description`. */
  description: string | null;
  /** A second history entry, compared with the target; null for none. Attribute `compare-with`. The user picks it in the plan. */
  compareWith: string | null;
  /** Forces a theme; null follows the system's (prefers-color-scheme). Attribute `theme`. */
  theme: "light" | "dark" | null;
  /** The page of the history shown, from 0. */
  page: number;
  /** History entries per page (50). Attribute `page-size`. */
  pageSize: number;
  /** The plan shown, or null. */
  readonly plan: Plan | null;
  /** The engine's error for the plan of the picked target, or null. */
  readonly planError: InputError | null;
  /** The comparison shown (from `compareWith` to `target`), or null. */
  readonly comparison: Comparison | null;
  /** The engine's error for the comparison, or null. */
  readonly compareError: InputError | null;
  /** The engine's eligibility answer, or null while the scenario is missing or refused. */
  readonly eligibility: Eligibility | null;
  /** The engine's error for the scenario (shown in the element), or null. */
  readonly error: InputError | null;
  /** The ids of the entries on the page shown, newest first. */
  readonly pageEntries: string[];
  /** Moves the focus to the plan panel and scrolls it into view (a skip link's target). */
  focusPlan(): void;

  addEventListener<K extends keyof RollbackPreviewEventMap>(type: K, listener: (this: RollbackPreview, ev: RollbackPreviewEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof RollbackPreviewEventMap>(type: K, listener: (this: RollbackPreview, ev: RollbackPreviewEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

export default RollbackPreview;

declare global {
  interface HTMLElementTagNameMap {
    "rollback-preview": RollbackPreview;
  }
}
