package forms

import (
	"errors"
	"fmt"
)

// Error codes, in the style of wtf's error.go. The UI decides how to show an
// error by its code; the message is written for the clerk, in Chinese.
const (
	EINVALID      = "invalid"      // the input is wrong; the message says what to fix
	ENOTFOUND     = "not_found"    // the thing asked for does not exist
	ECONFLICT     = "conflict"     // the action clashes with the current state
	EFORBIDDEN    = "forbidden"    // the user may not do this (e.g. a clerk voiding)
	EUNAUTHORIZED = "unauthorized" // wrong name or password
	EINTERNAL     = "internal"     // a fault of the program or the PC
)

// Error is a domain error that carries a code and a message a clerk can act
// on. Key is a stable message key a translated UI may use; the Chinese
// Message is its fallback.
type Error struct {
	Code    string
	Message string
	Key     string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("counterdesk error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, "" for nil
// and EINTERNAL for any other error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the clerk-facing message of the first *Error in err's
// chain. Any other error gets a generic message: its detail belongs in the
// log, not on the screen.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "程序内部错误，请联系主管或技术支持。详细信息已写入日志。"
}
