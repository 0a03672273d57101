package forms

// FollowUpQuery selects follow-up calls from the list (回访): OpenOnly
// keeps those still to be called (open or call-back). Which ones the user
// may see at all is the store's (FollowUp.CanRead). It lives in forms so
// the screens, which may not import the store, can name it in the
// interfaces they declare (the store aliases it).
type FollowUpQuery struct {
	OpenOnly bool
}
