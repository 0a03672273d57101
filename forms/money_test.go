package forms

import (
	"math"
	"strings"
	"testing"
)

func TestYuan(t *testing.T) {
	tests := []struct {
		name string
		y    int64
		want Money
	}{
		{"zero", 0, 0},
		{"deposit", 600, 60000},
		{"one", 1, 100},
		{"negative", -5, -500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Yuan(tt.y); got != tt.want {
				t.Errorf("Yuan(%d) = %d, want %d", tt.y, got, tt.want)
			}
		})
	}
}

func TestMoneyString(t *testing.T) {
	tests := []struct {
		name  string
		m     Money
		want  string
		plain string
	}{
		{"zero", 0, "¥0.00", "0.00"},
		{"one fen", 1, "¥0.01", "0.01"},
		{"five fen", 5, "¥0.05", "0.05"},
		{"thirty fen", 30, "¥0.30", "0.30"},
		{"one yuan", 100, "¥1.00", "1.00"},
		{"deposit", 60000, "¥600.00", "600.00"},
		{"999.99 no separator", 99999, "¥999.99", "999.99"},
		{"1,000.00 first separator", 100000, "¥1,000.00", "1000.00"},
		{"spec example", 100530, "¥1,005.30", "1005.30"},
		{"16,409.02", 1640902, "¥16,409.02", "16409.02"},
		{"100,001.00", 10000100, "¥100,001.00", "100001.00"},
		{"one million", 100000000, "¥1,000,000.00", "1000000.00"},
		{"MaxMoney", MaxMoney, "¥1,000,000,000.00", "1000000000.00"},
		{"negative five yuan", -500, "-¥5.00", "-5.00"},
		{"negative one fen", -1, "-¥0.01", "-0.01"},
		{"negative thousands", -100530, "-¥1,005.30", "-1005.30"},
		{"MaxInt64", math.MaxInt64, "¥92,233,720,368,547,758.07", "92233720368547758.07"},
		{"MinInt64", math.MinInt64, "-¥92,233,720,368,547,758.08", "-92233720368547758.08"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if got := tt.m.Plain(); got != tt.plain {
				t.Errorf("Plain() = %q, want %q", got, tt.plain)
			}
		})
	}
}

// capitalsTests are verified by hand against the People's Bank of China rules
// and their published examples (¥1,680.32, ¥107,000.53, ¥16,409.02, ¥325.04).
var capitalsTests = []struct {
	name string
	m    Money
	want string
}{
	// The examples of the brief and SPEC.
	{"zero", 0, "零元整"},
	{"deposit ¥600.00", 60000, "陆佰元整"},
	{"¥1,005.30", 100530, "壹仟零伍元叁角"},
	{"¥16,409.02 (PBoC example)", 1640902, "壹万陆仟肆佰零玖元零贰分"},
	{"¥1.00", 100, "壹元整"},
	{"¥0.05", 5, "伍分"},
	{"¥0.30", 30, "叁角"},
	{"¥0.35", 35, "叁角伍分"},
	{"¥10,000.00", 1000000, "壹万元整"},
	{"¥100,001.00", 10000100, "壹拾万零壹元整"},
	{"¥10.10", 1010, "壹拾元零壹角"},
	{"¥100,000,000.00", 10000000000, "壹亿元整"},
	{"¥100,100,000.00", 10010000000, "壹亿零壹拾万元整"},
	// PBoC published examples.
	{"¥15.80 leading 壹拾", 1580, "壹拾伍元捌角"},
	{"¥1,680.32", 168032, "壹仟陆佰捌拾元零叁角贰分"},
	{"¥107,000.53", 10700053, "壹拾万柒仟元零伍角叁分"},
	{"¥325.04", 32504, "叁佰贰拾伍元零肆分"},
	// More, verified by hand.
	{"¥0.01", 1, "壹分"},
	{"¥0.10", 10, "壹角"},
	{"¥0.99", 99, "玖角玖分"},
	{"¥1.01", 101, "壹元零壹分"},
	{"¥1.10", 110, "壹元壹角"},
	{"¥1.11", 111, "壹元壹角壹分"},
	{"¥10.00", 1000, "壹拾元整"},
	{"¥10.40", 1040, "壹拾元零肆角"},
	{"¥10.05", 1005, "壹拾元零伍分"},
	{"¥11.00", 1100, "壹拾壹元整"},
	{"¥20.00", 2000, "贰拾元整"},
	{"¥110.00", 11000, "壹佰壹拾元整"},
	{"¥101.00", 10100, "壹佰零壹元整"},
	{"¥200.05", 20005, "贰佰元零伍分"},
	{"¥600.50", 60050, "陆佰元零伍角"},
	{"¥1,000.05", 100005, "壹仟元零伍分"},
	{"¥1,010.00", 101000, "壹仟零壹拾元整"},
	{"¥1,001.00", 100100, "壹仟零壹元整"},
	{"¥9,999.99", 999999, "玖仟玖佰玖拾玖元玖角玖分"},
	{"¥10,001.00", 1000100, "壹万零壹元整"},
	{"¥10,010.00", 1001000, "壹万零壹拾元整"},
	{"¥10,000.01", 1000001, "壹万元零壹分"},
	{"¥11,000.00", 1100000, "壹万壹仟元整"},
	{"¥100,000.00", 10000000, "壹拾万元整"},
	{"¥1,000,000.00", 100000000, "壹佰万元整"},
	{"¥2,000,000.05", 200000005, "贰佰万元零伍分"},
	{"¥10,000,000.00", 1000000000, "壹仟万元整"},
	{"¥10,010,000.00", 1001000000, "壹仟零壹万元整"},
	{"¥100,000,001.00", 10000000100, "壹亿零壹元整"},
	{"¥100,010,000.00", 10001000000, "壹亿零壹万元整"},
	{"¥110,000,000.00", 11000000000, "壹亿壹仟万元整"},
	{"¥123,456,789.00", 12345678900, "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整"},
	{"¥1,000,000,000.00 (MaxMoney)", MaxMoney, "壹拾亿元整"},
	{"¥10,000,000,000.00", 1000000000000, "壹佰亿元整"},
	{"¥1,000,000,000,000.00", 100000000000000, "壹万亿元整"},
	{"¥1,000,000,000,001.00", 100000000000100, "壹万亿零壹元整"},
	{"-¥5.00", -500, "负伍元整"},
	{"-¥0.30", -30, "负叁角"},
	{"MinInt64", math.MinInt64, "负玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零捌分"},
}

func TestCapitals(t *testing.T) {
	for _, tt := range capitalsTests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.m.Capitals()
			if got != tt.want {
				t.Errorf("Money(%d).Capitals() = %q, want %q", tt.m, got, tt.want)
			}
			if back, ok := decodeCapitals(got); !ok || back != tt.m {
				t.Errorf("decodeCapitals(%q) = %d, %v; want %d", got, back, ok, tt.m)
			}
		})
	}
}

// decodeCapitals reads financial capitals back into fen, independently of
// Capitals, so the fuzz test can check that every amount is written as
// itself.
func decodeCapitals(s string) (Money, bool) {
	neg := false
	if rest, ok := strings.CutPrefix(s, "负"); ok {
		neg, s = true, rest
	}
	if s == "零元整" {
		return 0, !neg
	}
	digits := map[rune]uint64{'零': 0, '壹': 1, '贰': 2, '叁': 3, '肆': 4, '伍': 5, '陆': 6, '柒': 7, '捌': 8, '玖': 9}
	units := map[rune]uint64{'拾': 10, '佰': 100, '仟': 1000}
	var result, wan, sec, d, yuan, jiao, fen uint64
	rs := []rune(s)
	for i, r := range rs {
		if v, ok := digits[r]; ok {
			d = v
			continue
		}
		if u, ok := units[r]; ok {
			sec += d * u
			d = 0
			continue
		}
		switch r {
		case '万':
			wan += (sec + d) * 10_000
			sec, d = 0, 0
		case '亿':
			result = (result + wan + sec + d) * 100_000_000
			wan, sec, d = 0, 0, 0
		case '元':
			yuan = result + wan + sec + d
			result, wan, sec, d = 0, 0, 0, 0
		case '角':
			jiao, d = d, 0
		case '分':
			fen, d = d, 0
		case '整':
			if i != len(rs)-1 || i == 0 || rs[i-1] != '元' {
				return 0, false
			}
		default:
			return 0, false
		}
	}
	if result+wan+sec+d != 0 {
		return 0, false // digits without a unit at the end
	}
	u := yuan*100 + jiao*10 + fen
	if neg {
		return Money(-u), true // wraps correctly for MinInt64
	}
	return Money(u), true
}

func TestParseMoneyValid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Money
	}{
		{"whole yuan", "600", 60000},
		{"one decimal", "600.5", 60050},
		{"two decimals", "600.50", 60050},
		{"fen", "600.05", 60005},
		{"thousands separator", "1,005.30", 100530},
		{"two separators", "1,000,000", 100000000},
		{"yuan sign", "¥600", 60000},
		{"full-width yuan sign", "￥600", 60000},
		{"sign and space", "¥ 600.00", 60000},
		{"full-width digits", "６００", 60000},
		{"full-width everything", "￥１，００５．３０", 100530},
		{"Chinese full stop as point", "600。5", 60050},
		{"trailing 元", "600元", 60000},
		{"trailing 元 after space", "1,005.30 元", 100530},
		{"spaces around", "  600  ", 60000},
		{"ideographic spaces around", "\u3000600\u3000", 60000},
		{"zero", "0", 0},
		{"zero with decimals", "0.00", 0},
		{"five fen", "0.05", 5},
		{"leading point", ".5", 50},
		{"trailing point", "600.", 60000},
		{"leading zeros", "007", 700},
		{"many leading zeros", "00000000000000600", 60000},
		{"MaxMoney", "1000000000", MaxMoney},
		{"MaxMoney formatted", "¥1,000,000,000.00", MaxMoney},
		{"String round trip", Money(100530).String(), 100530},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMoney(tt.in)
			if err != nil {
				t.Fatalf("ParseMoney(%q): %v (%s)", tt.in, err, ErrorMessage(err))
			}
			if got != tt.want {
				t.Errorf("ParseMoney(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseMoneyInvalid(t *testing.T) {
	const format = "金额格式不正确，请输入如 600 或 600.50 的数字"
	tests := []struct {
		name   string
		in     string
		phrase string
	}{
		{"empty", "", "请填写金额"},
		{"only spaces", " \u3000 ", "请填写金额"},
		{"three decimals", "600.505", "最多只能有两位小数"},
		{"three decimals says how many", "1.001", "小数点后您输入了3位"},
		{"negative", "-5", "不能是负数"},
		{"negative with sign", "-¥5.00", "不能是负数"},
		{"sign then minus", "¥-5", "不能是负数"},
		{"full-width minus", "－５", "不能是负数"},
		{"letters", "abc", format},
		{"letter o for zero", "6oo", format},
		{"exponent", "1e3", format},
		{"plus sign", "+600", format},
		{"two points", "600.5.0", format},
		{"point only", ".", format},
		{"sign only", "¥", format},
		{"元 only", "元", format},
		{"inner space", "600 00", format},
		{"letters in decimals", "600.5a", format},
		{"minus and letters", "-abc", format},
		{"Chinese numerals", "六百", format},
		{"RMB prefix", "RMB600", format},
		{"one fen over the limit", "1000000000.01", "不能超过 1,000,000,000 元"},
		{"eleven digits", "99999999999", "不能超过"},
		{"huge", "123456789012345678901234567890", "不能超过"},
		{"misplaced separator", "1,00", "千位分隔符"},
		{"four-digit group", "10,0000", "千位分隔符"},
		{"leading separator", ",600", "千位分隔符"},
		{"trailing separator", "600,", "千位分隔符"},
		{"separator group too long at head", "1000,000", "千位分隔符"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMoney(tt.in)
			checkFieldError(t, err, EINVALID, tt.phrase)
			if got != 0 {
				t.Errorf("ParseMoney returned %d with its error, want 0", got)
			}
		})
	}
}

func FuzzCapitals(f *testing.F) {
	for _, tt := range capitalsTests {
		f.Add(int64(tt.m))
	}
	f.Add(int64(math.MaxInt64))
	f.Fuzz(func(t *testing.T, v int64) {
		m := Money(v)
		c := m.Capitals()
		if back, ok := decodeCapitals(c); !ok || back != m {
			t.Fatalf("Money(%d).Capitals() = %q reads back as %d, %v", v, c, back, ok)
		}
		body := strings.TrimPrefix(c, "负")
		if body != "零元整" {
			for _, bad := range []string{"零零", "零元", "零万", "零亿", "零角", "零分", "零拾", "零佰", "零仟"} {
				if strings.Contains(body, bad) {
					t.Fatalf("Money(%d).Capitals() = %q contains %q", v, c, bad)
				}
			}
			if strings.HasPrefix(body, "零") || strings.HasSuffix(body, "零") {
				t.Fatalf("Money(%d).Capitals() = %q starts or ends with 零", v, c)
			}
		}
		if strings.HasSuffix(c, "整") != (v%100 == 0) {
			t.Fatalf("Money(%d).Capitals() = %q: 整 must end exactly the whole-yuan amounts", v, c)
		}
		if (v < 0) != strings.HasPrefix(c, "负") {
			t.Fatalf("Money(%d).Capitals() = %q: sign", v, c)
		}

		s, p := m.String(), m.Plain()
		if 0 <= m && m <= MaxMoney {
			if got, err := ParseMoney(p); err != nil || got != m {
				t.Fatalf("ParseMoney(%q) = %d, %v; want %d", p, got, err, m)
			}
			if got, err := ParseMoney(s); err != nil || got != m {
				t.Fatalf("ParseMoney(%q) = %d, %v; want %d", s, got, err, m)
			}
		} else {
			if _, err := ParseMoney(p); ErrorCode(err) != EINVALID {
				t.Fatalf("ParseMoney(%q) accepted an amount out of range (%v)", p, err)
			}
		}

		// Random int64s are rarely in range: fold v into [0, MaxMoney] and
		// round-trip that too.
		in := Money(uint64(v) % uint64(MaxMoney+1))
		if got, err := ParseMoney(in.Plain()); err != nil || got != in {
			t.Fatalf("ParseMoney(%q) = %d, %v; want %d", in.Plain(), got, err, in)
		}
		if got, err := ParseMoney(in.String()); err != nil || got != in {
			t.Fatalf("ParseMoney(%q) = %d, %v; want %d", in.String(), got, err, in)
		}
	})
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"", "600", "600.5", "1,005.30", "¥600", "￥６００", "-5", "1e3", ".", "600。5", "1000000000.01", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if err != nil {
			if ErrorCode(err) != EINVALID || ErrorMessage(err) == "" || m != 0 {
				t.Fatalf("ParseMoney(%q) = %d, %v; want 0 and EINVALID with a message", s, m, err)
			}
			return
		}
		if m < 0 || m > MaxMoney {
			t.Fatalf("ParseMoney(%q) = %d out of range", s, m)
		}
		if got, err := ParseMoney(m.Plain()); err != nil || got != m {
			t.Fatalf("ParseMoney(%q) = %d but ParseMoney(%q) = %d, %v", s, m, m.Plain(), got, err)
		}
	})
}
