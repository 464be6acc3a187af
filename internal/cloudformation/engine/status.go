package engine

import "strings"

// Stack statuses, exactly as CloudFormation names them.
const (
	StackCreateInProgress                        = "CREATE_IN_PROGRESS"
	StackCreateFailed                            = "CREATE_FAILED"
	StackCreateComplete                          = "CREATE_COMPLETE"
	StackRollbackInProgress                      = "ROLLBACK_IN_PROGRESS"
	StackRollbackFailed                          = "ROLLBACK_FAILED"
	StackRollbackComplete                        = "ROLLBACK_COMPLETE"
	StackDeleteInProgress                        = "DELETE_IN_PROGRESS"
	StackDeleteFailed                            = "DELETE_FAILED"
	StackDeleteComplete                          = "DELETE_COMPLETE"
	StackUpdateInProgress                        = "UPDATE_IN_PROGRESS"
	StackUpdateCompleteCleanupInProgress         = "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"
	StackUpdateComplete                          = "UPDATE_COMPLETE"
	StackUpdateFailed                            = "UPDATE_FAILED"
	StackUpdateRollbackInProgress                = "UPDATE_ROLLBACK_IN_PROGRESS"
	StackUpdateRollbackFailed                    = "UPDATE_ROLLBACK_FAILED"
	StackUpdateRollbackCompleteCleanupInProgress = "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS"
	StackUpdateRollbackComplete                  = "UPDATE_ROLLBACK_COMPLETE"
	StackReviewInProgress                        = "REVIEW_IN_PROGRESS"
)

// Resource statuses.
const (
	ResourceCreateInProgress = "CREATE_IN_PROGRESS"
	ResourceCreateFailed     = "CREATE_FAILED"
	ResourceCreateComplete   = "CREATE_COMPLETE"
	ResourceUpdateInProgress = "UPDATE_IN_PROGRESS"
	ResourceUpdateFailed     = "UPDATE_FAILED"
	ResourceUpdateComplete   = "UPDATE_COMPLETE"
	ResourceDeleteInProgress = "DELETE_IN_PROGRESS"
	ResourceDeleteFailed     = "DELETE_FAILED"
	ResourceDeleteComplete   = "DELETE_COMPLETE"
	ResourceDeleteSkipped    = "DELETE_SKIPPED"
)

// Operation types (LastOperations, DescribeEvents).
const (
	OpCreateStack      = "CREATE_STACK"
	OpUpdateStack      = "UPDATE_STACK"
	OpDeleteStack      = "DELETE_STACK"
	OpRollback         = "ROLLBACK"
	OpContinueRollback = "CONTINUE_ROLLBACK"
	OpCreateChangeSet  = "CREATE_CHANGESET"
)

// OnFailure values of CreateStack.
const (
	OnFailureRollback  = "ROLLBACK"
	OnFailureDelete    = "DELETE"
	OnFailureDoNothing = "DO_NOTHING"
)

// Change set statuses and execution statuses.
const (
	ChangeSetCreateComplete = "CREATE_COMPLETE"
	ChangeSetFailed         = "FAILED"

	ExecUnavailable = "UNAVAILABLE"
	ExecAvailable   = "AVAILABLE"
	ExecInProgress  = "EXECUTE_IN_PROGRESS"
	ExecComplete    = "EXECUTE_COMPLETE"
	ExecFailed      = "EXECUTE_FAILED"
	ExecObsolete    = "OBSOLETE"
)

// Deletion and update-replace policies.
const (
	PolicyDelete   = "Delete"
	PolicyRetain   = "Retain"
	PolicySnapshot = "Snapshot"
)

// Messages CloudFormation uses, kept in one place.
const (
	msgUserInitiated   = "User Initiated"
	msgReplacing       = "Requested update requires the creation of a new physical resource; hence creating one."
	msgNoChanges       = "The submitted information didn't contain changes. Submit different information to create a change set."
	msgNoUpdates       = "No updates are to be performed."
	msgInterrupted     = "The operation was interrupted because the berth server stopped"
	msgCreateCancelled = "Resource creation cancelled"
	msgUpdateCancelled = "Resource update cancelled"
)

// InProgress reports whether a stack status is one an operation is running in
// (REVIEW_IN_PROGRESS is not: it waits for a change set).
func InProgress(status string) bool {
	return strings.HasSuffix(status, "_IN_PROGRESS") && status != StackReviewInProgress
}

// Terminal reports whether a stack status ends an operation.
func Terminal(status string) bool {
	return !strings.HasSuffix(status, "_IN_PROGRESS")
}
