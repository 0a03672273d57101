package forms

import (
	"strings"
	"time"
)

// Marital statuses of a customer.
const (
	MaritalUnknown  = ""
	MaritalSingle   = "single"
	MaritalMarried  = "married"
	MaritalDivorced = "divorced"
	MaritalWidowed  = "widowed"
)

// MaritalLabel returns the Chinese label of a marital status.
func MaritalLabel(s string) string {
	switch s {
	case MaritalSingle:
		return "未婚"
	case MaritalMarried:
		return "已婚"
	case MaritalDivorced:
		return "离异"
	case MaritalWidowed:
		return "丧偶"
	}
	return "未填"
}

// Customer is a person served at the counter. IDNumber is unique among
// customers; a child not yet registered may have none, and then has a
// birth date and a parent instead.
type Customer struct {
	ID       string // uuid
	Name     string
	Gender   Gender
	IDKind   IDKind
	IDNumber string
	Birth    time.Time // from the ID number, or entered for a child without one
	ParentID string    // the parent customer's id, for a child
	Mobile   string
	Address  string
	Marital  string
	Employer string
	Origin   string // household origin (户籍来源)

	Member      bool      // member of the collective household
	MemberSince time.Time // zero when not a member
	MemberUntil time.Time // the day the household moved out (转户); zero while a member or never one

	// ArchiveUntil is the day the archive left the branch (转档); zero while
	// the branch keeps it. The archive-keeping fee accrues until that day.
	ArchiveUntil time.Time

	TalentPaidThrough  time.Time // talent-reserve fee paid through
	ArchivePaidThrough time.Time // archive-keeping fee paid through

	// GuardianConsent records that a child's guardian agreed to the child's
	// data being kept (PIPL: children's data is sensitive personal data).
	GuardianConsent bool

	CreatedAt time.Time
	UpdatedAt time.Time
}

// IsChildWithoutID reports whether the customer is a child recorded before
// registration, identified by birth date and parent.
func (c *Customer) IsChildWithoutID() bool { return c.IDNumber == "" }

// FormerMember reports whether the customer was a member of the collective
// household and moved out (转户): they keep every record, but services for
// members are refused.
func (c *Customer) FormerMember() bool { return !c.Member && !c.MemberUntil.IsZero() }

// Normalize cleans the fields a clerk typed and checks them by their text
// rules (RuleCustomerName, RuleAddress, RuleEmployer, RuleOrigin: allowed
// characters and length; see Field.Check), and derives gender and birth
// date from the ID number. It returns the first field error, so Validate
// can report it.
func (c *Customer) Normalize() error {
	for _, f := range []struct {
		rule Field
		v    *string
	}{
		{RuleCustomerName, &c.Name},
		{RuleAddress, &c.Address},
		{RuleEmployer, &c.Employer},
		{RuleOrigin, &c.Origin},
	} {
		v, err := f.rule.Check(*f.v)
		if err != nil {
			return err
		}
		*f.v = v
	}
	if strings.TrimSpace(c.IDNumber) != "" {
		id, err := ParseID(c.IDNumber)
		if err != nil {
			return err
		}
		c.IDNumber, c.IDKind, c.Gender, c.Birth = id.Number, id.Kind, id.Gender, id.Birth
	} else {
		c.IDNumber, c.IDKind = "", ""
	}
	if strings.TrimSpace(c.Mobile) != "" {
		m, err := ParseMobile(c.Mobile)
		if err != nil {
			return err
		}
		c.Mobile = m
	} else {
		c.Mobile = ""
	}
	return nil
}

// Validate normalizes the customer and checks every field, returning an
// EINVALID error whose message names the field and the fix. Dates are
// checked against today (ValidateOn).
func (c *Customer) Validate() error { return c.ValidateOn(time.Now()) }

// ValidateOn is Validate on the given day: a birth date or a join date
// after it is refused.
func (c *Customer) ValidateOn(today time.Time) error {
	today = Day(today)
	if err := c.Normalize(); err != nil {
		return err
	}
	if c.IsChildWithoutID() {
		if c.ParentID == "" {
			return Errorf(EINVALID, "请填写身份证号码；尚未落户的小孩没有身份证号码时，须关联父母")
		}
		if c.Birth.IsZero() {
			return Errorf(EINVALID, "尚未落户的小孩没有身份证号码，请填写出生日期")
		}
		if Day(c.Birth).After(today) {
			return Errorf(EINVALID, "小孩的出生日期（%s）不能晚于今天（%s），请按出生医学证明核对", FormatDate(c.Birth), FormatDate(today))
		}
		if !c.GuardianConsent {
			return Errorf(EINVALID, "录入小孩信息须征得监护人同意，请确认后勾选“监护人已同意”")
		}
		if c.Gender != GenderMale && c.Gender != GenderFemale {
			return Errorf(EINVALID, "请选择小孩的性别")
		}
	} else if c.Mobile == "" {
		return Errorf(EINVALID, "请填写手机号码，这是联系客户的主要方式")
	}
	switch c.Marital {
	case MaritalUnknown, MaritalSingle, MaritalMarried, MaritalDivorced, MaritalWidowed:
	default:
		return Errorf(EINVALID, "婚姻状况“%s”无效", c.Marital)
	}
	if c.Member {
		if c.MemberSince.IsZero() {
			return Errorf(EINVALID, "集体户成员须填写入户日期")
		}
		if Day(c.MemberSince).After(today) {
			return Errorf(EINVALID, "入户日期不能晚于今天")
		}
	} else if c.MemberUntil.IsZero() {
		c.MemberSince = time.Time{} // never a member; a former member keeps the day they joined
	}
	return nil
}

// AgeOn returns the customer's completed years on the day, or -1 when the
// birth date is unknown.
func (c *Customer) AgeOn(day time.Time) int {
	if c.Birth.IsZero() {
		return -1
	}
	return ID{Birth: c.Birth}.AgeOn(day)
}

// MaskedID returns the ID number masked for lists.
func (c *Customer) MaskedID() string {
	if c.IDNumber == "" {
		return "（无证件）"
	}
	return MaskID(c.IDNumber)
}

// SearchNumberTooShort reports whether a customer search is a number too
// short to find anyone by: one to three digits. An ID number is found by
// its last 4–6 characters or whole, a mobile by its last 4 digits or whole
// (store's planSearch); the screen says so instead of 找到 0 位客户.
// Full-width digits and spaces count as typed.
func SearchNumberTooShort(query string) bool {
	q := strings.Join(strings.Fields(Normalize(query)), "")
	if q == "" || len(q) > 3 {
		return false
	}
	return strings.Trim(q, "0123456789") == ""
}

// MaskedMobile returns the mobile number masked for lists.
func (c *Customer) MaskedMobile() string { return MaskMobile(c.Mobile) }

// FactSet holds the named facts conditions are evaluated against.
type FactSet map[string]string

// Facts computes the facts of a customer and the answers on a day. The day
// matters: a woman is 15–49 "on the day", a child's age in days counts to
// the day.
func Facts(c *Customer, answers map[string]string, day time.Time, questions []Question) FactSet {
	f := FactSet{}
	if c != nil {
		f["gender"] = string(c.Gender)
		if age := c.AgeOn(day); age >= 0 {
			f["age"] = itoa(age)
		}
		f["member"] = "no"
		if c.Member {
			f["member"] = "yes"
		}
		if c.Marital != MaritalUnknown {
			f["marital"] = c.Marital
		}
		if o := strings.TrimSpace(c.Origin); o != "" {
			f["origin"] = o
		}
	}
	types := map[string]QuestionType{}
	for _, q := range questions {
		types[q.ID] = q.Type
	}
	for k, v := range answers {
		v = strings.TrimSpace(v)
		f["answer."+k] = v
		if types[k] == QDate && v != "" {
			if d, err := ParseDate(v); err == nil {
				f["days_since."+k] = itoa(DaysBetween(d, day))
				f["past_month."+k] = "no"
				if !WithinOneMonth(d, day) {
					f["past_month."+k] = "yes"
				}
			}
		}
	}
	return f
}
