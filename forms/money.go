package forms

import (
	"strconv"
	"strings"
)

// Money is an amount of Renminbi in fen (分), the smallest unit: ¥600.00 is
// Money(60000). Amounts are always integers, so sums and day-end totals are
// exact.
type Money int64

// MaxMoney is the largest amount ParseMoney accepts: 1,000,000,000 yuan.
// Nothing a counter takes comes near it; a larger figure is a typing error.
const MaxMoney Money = 1_000_000_000 * 100

// Yuan returns y whole yuan as Money, e.g. Yuan(600) is ¥600.00. It does not
// check for overflow; y is a small constant such as a deposit.
func Yuan(y int64) Money {
	return Money(y * 100)
}

// String returns the amount as printed in figures on receipts and screens,
// with the yuan sign, thousands separators and two decimals: "¥1,005.30",
// "¥600.00", "¥0.00", and "-¥5.00" for a negative amount.
func (m Money) String() string {
	neg, u := m.magnitude()
	digits := strconv.FormatUint(u/100, 10)
	var b strings.Builder
	b.Grow(len(digits) + len(digits)/3 + 8)
	if neg {
		b.WriteByte('-')
	}
	b.WriteString("¥")
	for i := 0; i < len(digits); i++ {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(digits[i])
	}
	b.WriteByte('.')
	writeFen(&b, u%100)
	return b.String()
}

// Plain returns the amount as a plain decimal number for an input field:
// "1005.30", "600.00", "-5.00". ParseMoney reads it back unchanged for every
// amount from zero to MaxMoney.
func (m Money) Plain() string {
	neg, u := m.magnitude()
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteString(strconv.FormatUint(u/100, 10))
	b.WriteByte('.')
	writeFen(&b, u%100)
	return b.String()
}

// magnitude returns whether m is negative and its absolute value. The
// conversion to uint64 gives the right magnitude even for math.MinInt64.
func (m Money) magnitude() (neg bool, u uint64) {
	if m < 0 {
		return true, uint64(-m)
	}
	return false, uint64(m)
}

// writeFen writes the two decimals (角 and 分) of an amount, f being 0–99.
func writeFen(b *strings.Builder, f uint64) {
	b.WriteByte(byte('0' + f/10))
	b.WriteByte(byte('0' + f%10))
}

// capitalDigits are the financial capitals of the digits 0 to 9.
var capitalDigits = [10]string{"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"}

// capitalUnits are the units within a group of four digits, from the ones
// place up.
var capitalUnits = [4]string{"", "拾", "佰", "仟"}

// Capitals returns the amount in Chinese financial capitals (中文大写金额) as
// written on receipts after "人民币", following the People's Bank of China
// rules for filling in bills and settlement vouchers (《正确填写票据和结算凭证的
// 基本规定》):
//
//   - digits are 零壹贰叁肆伍陆柒捌玖 and units 拾佰仟, 万 and 亿; a leading
//     1 in the tens place is written 壹拾 (¥15.80 → 壹拾伍元捌角);
//   - a run of zeros between non-zero digits is written as a single 零,
//     also across 万 and 亿 (¥100,001.00 → 壹拾万零壹元整) and after 元
//     when the 元 digit or the 角 is zero but something follows
//     (¥10.10 → 壹拾元零壹角, ¥16,409.02 → 壹万陆仟肆佰零玖元零贰分);
//   - an amount that ends at 元 is followed by 整 (¥600.00 → 陆佰元整); one
//     that ends at 角 or 分 is not (¥1,005.30 → 壹仟零伍元叁角);
//   - an amount below one yuan has no 元 (¥0.35 → 叁角伍分, ¥0.05 → 伍分),
//     and zero is 零元整;
//   - a negative amount is prefixed with 负.
func (m Money) Capitals() string {
	neg, u := m.magnitude()
	yuan, jiao, fen := u/100, u/10%10, u%10

	var b strings.Builder
	if neg {
		b.WriteString("负")
	}
	if yuan == 0 && jiao == 0 && fen == 0 {
		b.WriteString("零元整")
		return b.String()
	}
	if yuan > 0 {
		writeCapitalInt(&b, yuan)
		b.WriteString("元")
		if jiao == 0 && fen == 0 {
			b.WriteString("整")
			return b.String()
		}
		if yuan%10 == 0 || jiao == 0 {
			b.WriteString("零")
		}
	}
	if jiao > 0 {
		b.WriteString(capitalDigits[jiao])
		b.WriteString("角")
	}
	if fen > 0 {
		b.WriteString(capitalDigits[fen])
		b.WriteString("分")
	}
	return b.String()
}

// writeCapitalInt writes a positive integer in financial capitals. Above
// 10^8 it writes the part above 亿 recursively (so 10^12 is 壹万亿), then the
// rest; likewise for 万 below 10^8. A zero run at the head of the lower part
// is written as one 零.
func writeCapitalInt(b *strings.Builder, n uint64) {
	const yi, wan = 100_000_000, 10_000
	switch {
	case n >= yi:
		writeCapitalInt(b, n/yi)
		b.WriteString("亿")
		if low := n % yi; low > 0 {
			if low < yi/10 {
				b.WriteString("零")
			}
			writeCapitalInt(b, low)
		}
	case n >= wan:
		writeCapitalInt(b, n/wan)
		b.WriteString("万")
		if low := n % wan; low > 0 {
			if low < wan/10 {
				b.WriteString("零")
			}
			writeCapitalInt(b, low)
		}
	default:
		writeCapitalGroup(b, n)
	}
}

// writeCapitalGroup writes n, 1 to 9999, with the units 仟佰拾. Zeros between
// non-zero digits become one 零; trailing zeros are not written.
func writeCapitalGroup(b *strings.Builder, n uint64) {
	started, zero := false, false
	for place := 3; place >= 0; place-- {
		d := n / pow10[place] % 10
		switch {
		case d == 0:
			zero = started
		default:
			if zero {
				b.WriteString("零")
				zero = false
			}
			b.WriteString(capitalDigits[d])
			b.WriteString(capitalUnits[place])
			started = true
		}
	}
}

// pow10 are the powers of ten for the places of a group of four digits.
var pow10 = [4]uint64{1, 10, 100, 1000}

// moneyFormatMsg is ParseMoney's message for input that is not a number.
const moneyFormatMsg = "金额格式不正确，请输入如 600 或 600.50 的数字"

// ParseMoney reads an amount as a clerk types it: "600", "600.5",
// "600.50", "1,005.30", "¥600" or "￥600", with full-width digits and
// punctuation allowed (they are normalised first), the Chinese full stop
// "。" taken for a decimal point, and a trailing "元" allowed. Thousands
// separators, if used, must be in the right places. It refuses an empty
// field, more than two decimals, a negative amount, letters or other
// characters, and amounts over MaxMoney (1,000,000,000 yuan), each with an
// EINVALID error whose Chinese message says what to correct. Zero is
// accepted; whether an amount may be zero is for the caller to decide.
func ParseMoney(s string) (Money, error) {
	s = Normalize(s)
	if s == "" {
		return 0, Errorf(EINVALID, "请填写金额")
	}
	s = strings.ReplaceAll(s, "。", ".")

	neg := false
	cut := func(prefix string) bool {
		if rest, ok := strings.CutPrefix(s, prefix); ok {
			s = strings.TrimSpace(rest)
			return true
		}
		return false
	}
	if cut("-") || cut("−") {
		neg = true
	}
	if cut("¥") || cut("￥") {
		if cut("-") || cut("−") {
			neg = true
		}
	}
	if rest, ok := strings.CutSuffix(s, "元"); ok {
		s = strings.TrimSpace(rest)
	}

	m, err := parseDecimalFen(s)
	if err != nil {
		return 0, err
	}
	if neg {
		return 0, Errorf(EINVALID, "金额不能是负数，请输入如 600 或 600.50 的数字")
	}
	return m, nil
}

// parseDecimalFen parses an unsigned decimal number with at most two
// decimals and optional, correctly placed thousands separators into fen.
func parseDecimalFen(s string) (Money, error) {
	intPart, frac, _ := strings.Cut(s, ".")
	if s == "" || (intPart == "" && frac == "") || strings.Contains(frac, ".") {
		return 0, Errorf(EINVALID, moneyFormatMsg)
	}
	for i := 0; i < len(intPart); i++ {
		if c := intPart[i]; (c < '0' || c > '9') && c != ',' {
			return 0, Errorf(EINVALID, moneyFormatMsg)
		}
	}
	if frac != "" && !allASCIIDigits(frac) {
		return 0, Errorf(EINVALID, moneyFormatMsg)
	}
	if len(frac) > 2 {
		return 0, Errorf(EINVALID, "金额最多只能有两位小数（精确到分），小数点后您输入了%d位，请核对", len(frac))
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		ok := len(groups[0]) >= 1 && len(groups[0]) <= 3
		for _, g := range groups[1:] {
			ok = ok && len(g) == 3
		}
		if !ok {
			return 0, Errorf(EINVALID, "金额中的千位分隔符“,”位置不正确，请去掉逗号或按每三位一个逗号输入，如 1,005.30")
		}
		intPart = strings.ReplaceAll(intPart, ",", "")
	}

	digits := strings.TrimLeft(intPart, "0")
	const maxYuanDigits = 10 // 1,000,000,000
	if len(digits) > maxYuanDigits {
		return 0, tooMuchMoney()
	}
	var fen uint64
	for i := 0; i < len(digits); i++ {
		fen = fen*10 + uint64(digits[i]-'0')
	}
	fen *= 100
	switch len(frac) {
	case 1:
		fen += uint64(frac[0]-'0') * 10
	case 2:
		fen += uint64(frac[0]-'0')*10 + uint64(frac[1]-'0')
	}
	if fen > uint64(MaxMoney) {
		return 0, tooMuchMoney()
	}
	return Money(fen), nil
}

// tooMuchMoney is the error for an amount over MaxMoney.
func tooMuchMoney() error {
	return Errorf(EINVALID, "金额不能超过 1,000,000,000 元（十亿元），请核对金额是否多输了数字")
}
