package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"counterdesk/forms"
)

func init() {
	commands["report"] = command{Summary: "月报：按网点和站汇总业务、收据、收费、保障金、会员、导出缺号 (month report)", Run: runReport}
}

const reportHelp = `hqdesk report --db 数据库 --month 2026-11 [--xlsx 文件] [--csv 文件夹] [--training]

按网点、按站汇总一个月 (the month per branch and station)：
  业务   按业务的新建（created_at 在本月）、受理（accepted_at）、办结（completed_at）、
         取消（状态为取消、最后修改在本月）件数；纸质补录的业务不计
  收据   本月开出的收据：有效张数和金额（按收款方式）、作废张数和金额（作废的收据算在开出的月份，
         同网点日结、月报）；往月收据本月作废的另列
  收费   有效收据的各收费项目笔数、金额（保障金也列出）
  保障金 本月收取（有效收据上的保障金）、退还、没收，月末在押（本月底前收取、月末尚未退还或没收，作废的不算）
  会员   本月入户、迁出、档案转出（按办结日），月末欠费会员（网点提醒的同一规则；本月未完时按今天）
  导出缺号 每个站已导入的最高导出号以下没有导入的号，和最后一次导入（导入情况为当前，不限本月）
月份的起止为本机时区的零点（须与网点相同：Asia/Shanghai）。已删除的记录不计。
练习站不计入任何合计，另列在“练习站”（--training 时打印其明细）。
金额以元为单位、两位小数，由“分”整数换算，不经浮点运算。

--xlsx 写一个 Excel 工作簿，每个表一个工作表：按站汇总、业务、收据、收费、保障金、会员、导出缺号、练习站。
--csv  把同样的表写成 CSV 文件（UTF-8 带 BOM，Excel 可直接打开中文），文件名如 2026-11-按站汇总.csv。

The month per branch and station: cases by service (opened = created_at in the month, accepted,
completed, cancelled = status cancelled and last changed in the month; paper-era cases left out);
receipts issued in the month, valid and voided (a void counts in the month the receipt was issued,
as on the branch), with earlier receipts voided this month apart; fees by kind; deposits taken,
refunded, forfeited and held at month end; members in, out, archives out, and members with overdue
fees at month end (the branch's reminder rule); gaps in each station's export numbers and its last
import (current state). Month bounds are local midnight of this computer (use the branches' zone,
Asia/Shanghai). Deleted rows never count; training stations are left out of every total and listed
in 练习站. Amounts are yuan with two decimals, from integer fen.
--xlsx writes a workbook with one sheet per table; --csv writes the same tables as UTF-8 CSV with a BOM
(names like 2026-11-按站汇总.csv).
`

// reportNow is the clock of hqdesk report (a test sets the day).
var reportNow = time.Now

// runReport is `hqdesk report`.
func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("report", reportHelp, stdout)
	dsn := fs.String("db", "", "总部数据库：SQLite 文件路径或 postgres:// 地址 (head office database)")
	monthText := fs.String("month", "", "月份，如 2026-11 (the month)")
	xlsx := fs.String("xlsx", "", "写出 Excel 工作簿到此文件 (write the workbook to this file)")
	csvDir := fs.String("csv", "", "写出 CSV 文件到此文件夹 (write CSV files into this folder)")
	training := fs.Bool("training", false, "打印练习站的明细 (print the training stations in full)")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "命令行有误：多余的参数“%s”(unexpected argument)\n\n", strings.Join(fs.Args(), " "))
		fs.SetOutput(stderr)
		fs.Usage()
		return exitUsage
	}
	now := reportNow()
	if *monthText == "" {
		fmt.Fprintln(stderr, "hqdesk：请用 --month 指定月份，如 --month 2026-11 (--month is required)")
		return exitUsage
	}
	year, month, err := ParseReportMonth(*monthText, now)
	if err != nil {
		var fe *forms.Error
		if errors.As(err, &fe) {
			fmt.Fprintln(stderr, "hqdesk："+fe.Message+" (--month)")
		} else {
			fmt.Fprintln(stderr, "hqdesk：", err)
		}
		return exitUsage
	}
	if *dsn == "" {
		fmt.Fprintln(stderr, "hqdesk：请用 --db 指定总部数据库 (--db is required)")
		return exitUsage
	}
	h, err := openForCommand(ctx, *dsn, false, stdout)
	if err != nil {
		return fail(stderr, err)
	}
	defer h.Close()
	r, err := makeReport(ctx, h, year, month, now)
	if err != nil {
		return fail(stderr, err)
	}
	tables := reportTables(r)
	if *xlsx != "" {
		if err := saveReportXLSX(*xlsx, tables); err != nil {
			return fail(stderr, err)
		}
	}
	var csvPaths []string
	if *csvDir != "" {
		if csvPaths, err = writeReportCSV(*csvDir, year, int(month), tables); err != nil {
			return fail(stderr, err)
		}
	}
	printReport(stdout, r, *training)
	if *xlsx != "" {
		fmt.Fprintf(stdout, "\nExcel 工作簿：%s\n", *xlsx)
	}
	if len(csvPaths) > 0 {
		fmt.Fprintf(stdout, "\nCSV 文件（%d 个）：%s\n", len(csvPaths), *csvDir)
	}
	return exitOK
}

// makeReport computes the month from head office's database (openHQ has
// made the report's indexes, reportIndexes). It only reads.
func makeReport(ctx context.Context, h *hqDB, year int, month time.Month, now time.Time) (*HQMonth, error) {
	return monthReport(ctx, reportQuerier{h}, year, month, now)
}

// saveReportXLSX writes the workbook to path through a temporary file
// (writeFileAtomic), so a failed write never leaves a workbook that looks
// complete.
func saveReportXLSX(path string, tables []reportTable) error {
	if err := writeFileAtomic(path, func(w io.Writer) error { return writeReportXLSX(w, tables) }); err != nil {
		return forms.Errorf(forms.EINVALID, "无法写入 Excel 文件 %s：%v。请检查文件夹是否存在、可写，文件是否在 Excel 中打开着 (--xlsx)", path, err)
	}
	return nil
}

// printReport prints the month in Chinese: all branches together, each
// branch, each station on one line, the export gaps, and the training
// stations apart (in full with --training).
func printReport(w io.Writer, r *HQMonth, training bool) {
	start := forms.MonthStart(r.Year, r.Month)
	last := forms.MonthLastDay(r.Year, r.Month)
	fmt.Fprintf(w, "总部月报 %s（%s 至 %s；月末数字截至 %s）\n", r.Label(),
		start.Format(forms.DateLayout), last.Format(forms.DateLayout), r.AsOf.Format(forms.DateLayout))
	branches := r.Branches()
	if len(r.Stations) == 0 {
		fmt.Fprintln(w, "\n还没有登记任何正式站点。")
	} else {
		fmt.Fprintf(w, "\n全部网点合计（%d 个网点，%d 个站；练习站除外）\n", len(branches), len(r.Stations))
		printBlock(w, Sum(r.Stations))
		for _, br := range branches {
			fmt.Fprintf(w, "\n网点 %s（%d 个站）\n", br[0].Branch, len(br))
			printBlock(w, Sum(br))
			for _, s := range br {
				fmt.Fprintln(w, "  "+stationLine(s))
			}
		}
	}
	var gaps []string
	for _, s := range r.Stations {
		if g := s.Gaps(); g != "" {
			gaps = append(gaps, fmt.Sprintf("  %s%02d 缺号：%s（共 %d 个）", s.Branch, s.Station, g, s.MissingCount()))
		}
	}
	if len(gaps) > 0 {
		fmt.Fprintln(w, "\n导出缺号（请让这些站补交，或补写丢失的导出文件）")
		for _, g := range gaps {
			fmt.Fprintln(w, g)
		}
	} else if len(r.Stations) > 0 {
		fmt.Fprintln(w, "\n导出缺号：无")
	}
	if len(r.Training) > 0 {
		fmt.Fprintf(w, "\n练习站（%d 个，不计入以上任何合计）\n", len(r.Training))
		for _, s := range r.Training {
			fmt.Fprintln(w, "  "+stationLine(s))
			if training {
				printBlock(w, s)
			}
		}
	}
}

// printBlock prints a station's or a group's figures, indented.
func printBlock(w io.Writer, s *StationMonth) {
	c := s.CaseTotals()
	t := s.Totals
	fmt.Fprintf(w, "  业务：新建 %d，受理 %d，办结 %d，取消 %d\n", c.Opened, c.Accepted, c.Completed, c.Cancelled)
	fmt.Fprintf(w, "  收据：有效 %d 张 %s（现金 %s，银行卡 %s，移动支付 %s）；作废 %d 张 %s", t.Receipts, t.TotalReceived(),
		t.Received[forms.PayCash], t.Received[forms.PayCard], t.Received[forms.PayMobile], t.Voided, t.VoidedAt)
	if s.VoidedLater > 0 {
		fmt.Fprintf(w, "；往月收据本月作废 %d 张 %s", s.VoidedLater, s.VoidedLaterAmount)
	}
	fmt.Fprintln(w)
	var fees []string
	for _, f := range t.FeesByKind {
		fees = append(fees, fmt.Sprintf("%s %d 笔 %s", f.Name, f.Count, f.Amount))
	}
	if len(fees) == 0 {
		fees = []string{"无"}
	}
	fmt.Fprintf(w, "  收费项目（收费合计 %s，保障金另计）：%s\n", t.Fees, strings.Join(fees, "；"))
	fmt.Fprintf(w, "  保障金：收取 %d 笔 %s，退还 %d 笔 %s，没收 %d 笔 %s；月末在押 %d 笔 %s\n",
		t.DepositsTakenCount, t.DepositsTaken, s.Refunds, t.DepositsRefunded, s.Forfeits, t.DepositsForfeited, s.Held, s.HeldAmount)
	fmt.Fprintf(w, "  会员：入户 %d，迁出 %d，档案转出 %d；月末欠费会员 %d\n", s.Joined, s.Left, s.ArchiveLeft, s.Overdue)
}

// stationLine is one station on one line.
func stationLine(s *StationMonth) string {
	c := s.CaseTotals()
	return fmt.Sprintf("%s%02d  受理 %d  办结 %d  收款 %s  作废 %d 张  在押 %d 笔 %s  入户 %d  迁出 %d  欠费 %d  导入：%s",
		s.Branch, s.Station, c.Accepted, c.Completed, s.Totals.TotalReceived(), s.Totals.Voided, s.Held, s.HeldAmount,
		s.Joined, s.Left, s.Overdue, importStateText(s))
}

// importStateText says how far a station's exports have been imported and
// which numbers are missing, then the latest import (the file imported
// last, which need not be the highest number): "已导入至第4号（缺第2号），
// 最近一次导入 11-30 13:02 第2号"; "未导入" when nothing was.
func importStateText(s *StationMonth) string {
	if s.Last == nil {
		return "未导入"
	}
	var parts []string
	for _, e := range s.Exports {
		t := fmt.Sprintf("已导入至第%d号", e.Highest)
		if e.Gen > 1 {
			t = fmt.Sprintf("第%d代密钥", e.Gen) + t
		}
		if len(e.Missing) > 0 {
			t += "（缺第" + numberRanges(e.Missing) + "号）"
		} else {
			t += "（无缺号）"
		}
		parts = append(parts, t)
	}
	at := s.Last.ImportedAt
	if len(at) >= 16 {
		at = at[5:16] // "2026-11-30 13:02:05" → "11-30 13:02"
	}
	last := fmt.Sprintf("第%d号", s.Last.Number)
	if s.Last.Gen > 1 {
		last = fmt.Sprintf("第%d代密钥", s.Last.Gen) + last
	}
	return strings.Join(parts, "；") + "，最近一次导入 " + at + " " + last
}
