/**
 * Clearance: the state machine from lodgement to exit, inspectors assigned to planned
 * controls, the Time Release Study segments and targets, the clearance indicators, and a
 * discrete-event simulation of an office. The public API of the capability; the server builds
 * its tables and routes on it.
 */
export {
  clearanceStates,
  clearanceEventTypes,
  clearanceConditions,
  controlMethods,
  startClearance,
  isControlledLane,
  missingFor,
  allowedClearanceEvents,
  applyClearanceEvent,
  replayClearance,
  toClearanceEvent,
  type ClearanceState,
  type ClearanceEvent,
  type ClearanceEventType,
  type ClearanceCondition,
  type ClearanceFile,
  type ClearanceReplayError,
  type ControlMethod,
  type ControlProgress,
  type LaneReroute,
} from './clearance-state.ts';
export {
  assignInspector,
  planOfficeDay,
  shiftMinutes,
  emptyAssignmentHistory,
  defaultControlRules,
  type Shift,
  type Inspector,
  type ControlRequest,
  type AssignmentHistory,
  type AssignmentOptions,
  type AssignmentOutcome,
  type Scanner,
  type ScannerFallback,
  type OfficeControlRules,
  type ExpectedControl,
  type PlannedControl,
  type MethodPlan,
  type OfficeDayPlan,
  type OfficeDayInput,
} from './inspector-assignment.ts';
