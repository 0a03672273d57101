package store

// What is exported to head office (issue 15; SPEC "Export to head office
// (USB)"). Head office keeps tables of the same names and columns (plus its
// own bookkeeping columns), so this list is the contract between the
// station's export (export.go), the export file and cmd/hqdesk.
//
// A table or column added to the station's schema must be added here or to
// the excluded lists of exportspec_test.go: the test compares this list with
// the live schema and fails until someone decides.

// ExportColumn is one column of an exported table; Type is "TEXT",
// "INTEGER", "REAL" or "BLOB", the column's declared type in the station's
// schema.
type ExportColumn struct{ Name, Type string }

// ExportTable is one table sent to head office, with the same name there.
type ExportTable struct {
	Name    string
	Key     []string       // primary key columns (1 or 2), in order; also the k1/k2 of `changes`
	Columns []ExportColumn // every exported column, key columns included, in table order
}

// ExportTables lists the exported tables in parent-before-child order (a
// row's references point to tables earlier in the list, or to its own).
// Complaints, ratings and follow-up calls (0020) go to head office with
// the supervisor's lists (service_lists) they name categories from (issue 18:
// "the export to head office carries complaints, follow-ups and ratings").
// Left out: station.recovery_hash and users.password_hash (secrets),
// customers.name_sort (derived from the name: store/collate.go), and
// the tables that are derived or the station's own bookkeeping
// (customer_terms, search_backfill, talent_paid_tally, backups,
// catalogue_defaults, schema_migrations, changes, station_keys, exports,
// export_floor).
var ExportTables = []ExportTable{
	{Name: "station", Key: []string{"id"}, Columns: []ExportColumn{
		{"id", "TEXT"}, {"singleton", "INTEGER"}, {"branch_code", "TEXT"}, {"branch_name", "TEXT"}, {"payee", "TEXT"}, {"number", "INTEGER"}, {"recovery_used_at", "TEXT"}, {"created_at", "TEXT"}, {"phone", "TEXT"}},
	},
	{Name: "users", Key: []string{"id"}, Columns: []ExportColumn{
		{"id", "TEXT"}, {"name", "TEXT"}, {"role", "TEXT"}, {"must_change", "INTEGER"}, {"disabled", "INTEGER"}, {"created_at", "TEXT"}, {"updated_at", "TEXT"}},
	},
	{Name: "services", Key: []string{"code", "version"}, Columns: []ExportColumn{
		{"id", "TEXT"}, {"code", "TEXT"}, {"version", "INTEGER"}, {"name", "TEXT"}, {"position", "INTEGER"}, {"json", "TEXT"}, {"created_at", "TEXT"}, {"created_by", "TEXT"}},
	},
	{Name: "customers", Key: []string{"id"}, Columns: []ExportColumn{
		{"id", "TEXT"}, {"name", "TEXT"}, {"gender", "TEXT"}, {"id_kind", "TEXT"}, {"id_number", "TEXT"}, {"birth", "TEXT"}, {"parent_id", "TEXT"}, {"mobile", "TEXT"}, {"address", "TEXT"}, {"marital", "TEXT"}, {"employer", "TEXT"}, {"origin", "TEXT"}, {"member", "INTEGER"}, {"member_since", "TEXT"}, {"member_until", "TEXT"}, {"talent_paid_through", "TEXT"}, {"archive_paid_through", "TEXT"}, {"guardian_consent", "INTEGER"}, {"created_at", "TEXT"}, {"updated_at", "TEXT"}, {"archive_until", "TEXT"}},
	},
	{Name: "cases", Key: []string{"id"}, Columns: []ExportColumn{
		{"id", "TEXT"}, {"number", "TEXT"}, {"service_code", "TEXT"}, {"service_version", "INTEGER"}, {"customer_id", "TEXT"}, {"answers", "TEXT"}, {"items", "TEXT"}, {"status", "TEXT"}, {"cancel_reason", "TEXT"}, {"clerk_id", "TEXT"}, {"return_due", "TEXT"}, {"created_at", "TEXT"}, {"updated_at", "TEXT"}, {"accepted_at", "TEXT"}, {"completed_at", "TEXT"}, {"legacy", "INTEGER"}, {"promised_due", "TEXT"}},
	},
	{Name: "case_prints", Key: []string{"id"}, Columns: []ExportColumn{
		{"id", "TEXT"}, {"case_id", "TEXT"}, {"document", "TEXT"}, {"copies", "INTEGER"}, {"reprint", "INTEGER"}, {"at", "TEXT"}, {"user_id", "TEXT"}},
	},
	{Name: "receipt_counters", Key: []string{"station_code", "year"}, Columns: []ExportColumn{
		{"station_code", "TEXT"}, {"year", "INTEGER"}, {"last_seq", "INTEGER"}},
	},
	{Name: "receipt_skips", Key: []string{"id"}, Columns: []ExportColumn{
		{"id", "TEXT"}, {"station_code", "TEXT"}, {"year", "INTEGER"}, {"first_seq", "INTEGER"}, {"last_seq", "INTEGER"}, {"reason", "TEXT"}, {"at", "TEXT"}, {"user_id", "TEXT"}, {"approved_by", "TEXT"}},
	},
	{Name: "receipts", Key: []string{"id"}, Columns: []ExportColumn{
		{"id", "TEXT"}, {"number", "TEXT"}, {"station_code", "TEXT"}, {"year", "INTEGER"}, {"seq", "INTEGER"}, {"source", "TEXT"}, {"case_id", "TEXT"}, {"customer_id", "TEXT"}, {"payer_name", "TEXT"}, {"payer_id", "TEXT"}, {"lines", "TEXT"}, {"total", "INTEGER"}, {"method", "TEXT"}, {"reference", "TEXT"}, {"clerk_id", "TEXT"}, {"issued_at", "TEXT"}, {"voided", "INTEGER"}, {"void_reason", "TEXT"}, {"voided_by", "TEXT"}, {"voided_at", "TEXT"}, {"legacy", "INTEGER"}},
	},
	{Name: "deposits", Key: []string{"id"}, Columns: []ExportColumn{
		{"id", "TEXT"}, {"case_id", "TEXT"}, {"customer_id", "TEXT"}, {"receipt_id", "TEXT"}, {"amount", "INTEGER"}, {"method", "TEXT"}, {"state", "TEXT"}, {"taken_at", "TEXT"}, {"return_due", "TEXT"}, {"closed_at", "TEXT"}, {"closed_by", "TEXT"}, {"approved_by", "TEXT"}, {"returned", "TEXT"}, {"reason", "TEXT"}, {"refund_method", "TEXT"}, {"refund_reference", "TEXT"}, {"legacy", "INTEGER"}},
	},
	{Name: "contact_attempts", Key: []string{"id"}, Columns: []ExportColumn{
		{"id", "TEXT"}, {"deposit_id", "TEXT"}, {"at", "TEXT"}, {"user_id", "TEXT"}, {"channel", "TEXT"}, {"outcome", "TEXT"}},
	},
	{Name: "settings", Key: []string{"key"}, Columns: []ExportColumn{
		{"key", "TEXT"}, {"value", "TEXT"}, {"updated_at", "TEXT"}, {"updated_by", "TEXT"}},
	},
	{Name: "audit_log", Key: []string{"id"}, Columns: []ExportColumn{
		{"seq", "INTEGER"}, {"id", "TEXT"}, {"at", "TEXT"}, {"user_id", "TEXT"}, {"user_name", "TEXT"}, {"approved_by", "TEXT"}, {"action", "TEXT"}, {"entity", "TEXT"}, {"entity_id", "TEXT"}, {"before_json", "TEXT"}, {"after_json", "TEXT"}, {"note", "TEXT"}, {"prev_hash", "TEXT"}, {"hash", "TEXT"}},
	},
	{Name: "renewals", Key: []string{"id"}, Columns: []ExportColumn{
		{"id", "TEXT"}, {"receipt_id", "TEXT"}, {"customer_id", "TEXT"}, {"schedule", "TEXT"}, {"fee_name", "TEXT"}, {"paid_before", "TEXT"}, {"paid_after", "TEXT"}, {"at", "TEXT"}},
	},
	{Name: "loss_declarations", Key: []string{"id"}, Columns: []ExportColumn{
		{"id", "TEXT"}, {"number", "TEXT"}, {"service_code", "TEXT"}, {"service_version", "INTEGER"}, {"customer_id", "TEXT"}, {"customer_name", "TEXT"}, {"kind", "TEXT"}, {"receipt_id", "TEXT"}, {"doc_number", "TEXT"}, {"doc_date", "TEXT"}, {"amount", "INTEGER"}, {"paid_for", "TEXT"}, {"agent", "INTEGER"}, {"agent_name", "TEXT"}, {"agent_id_number", "TEXT"}, {"story", "TEXT"}, {"period_days", "INTEGER"}, {"period_count", "TEXT"}, {"declared_at", "TEXT"}, {"end_day", "TEXT"}, {"clerk_id", "TEXT"}, {"state", "TEXT"}, {"outcome", "TEXT"}, {"outcome_label", "TEXT"}, {"refunds", "INTEGER"}, {"in_person", "INTEGER"}, {"resolved_at", "TEXT"}, {"resolved_by", "TEXT"}, {"deposit_id", "TEXT"}, {"case_id", "TEXT"}},
	},
	{Name: "holiday_calendars", Key: []string{"year"}, Columns: []ExportColumn{
		{"year", "INTEGER"}, {"json", "TEXT"}, {"updated_at", "TEXT"}, {"updated_by", "TEXT"}},
	},
	{Name: "membership_events", Key: []string{"id"}, Columns: []ExportColumn{
		{"id", "TEXT"}, {"customer_id", "TEXT"}, {"case_id", "TEXT"}, {"kind", "TEXT"}, {"day", "TEXT"}, {"came_from", "TEXT"}, {"referral", "TEXT"}, {"at", "TEXT"}, {"user_id", "TEXT"}},
	},
	{Name: "day_checks", Key: []string{"station_code", "day"}, Columns: []ExportColumn{
		{"station_code", "TEXT"}, {"day", "TEXT"}, {"checked_by", "TEXT"}, {"checked_at", "TEXT"}},
	},
	{Name: "station_prints", Key: []string{"id"}, Columns: []ExportColumn{
		{"id", "TEXT"}, {"document", "TEXT"}, {"copies", "INTEGER"}, {"reprint", "INTEGER"}, {"at", "TEXT"}, {"user_id", "TEXT"}},
	},
	{Name: "clock_confirmations", Key: []string{"newest"}, Columns: []ExportColumn{
		{"newest", "TEXT"}, {"at", "TEXT"}, {"confirmed_by", "TEXT"}},
	},
	{Name: "service_lists", Key: []string{"key"}, Columns: []ExportColumn{
		{"key", "TEXT"}, {"json", "TEXT"}, {"updated_at", "TEXT"}, {"updated_by", "TEXT"}},
	},
	{Name: "complaints", Key: []string{"id"}, Columns: []ExportColumn{
		{"id", "TEXT"}, {"number", "TEXT"}, {"customer_id", "TEXT"}, {"caller_name", "TEXT"}, {"caller_phone", "TEXT"}, {"channel", "TEXT"}, {"category", "TEXT"}, {"category_name", "TEXT"}, {"words", "TEXT"}, {"request", "TEXT"}, {"case_id", "TEXT"}, {"receipt_id", "TEXT"}, {"complexity", "TEXT"}, {"received_at", "TEXT"}, {"due_day", "TEXT"}, {"recorder_id", "TEXT"}, {"owner_id", "TEXT"}, {"steps", "TEXT"}, {"handovers", "TEXT"}, {"answer", "TEXT"}, {"answered_at", "TEXT"}, {"outcome", "TEXT"}, {"closed_at", "TEXT"}, {"closed_by", "TEXT"}},
	},
	{Name: "ratings", Key: []string{"id"}, Columns: []ExportColumn{
		{"id", "TEXT"}, {"case_id", "TEXT"}, {"case_number", "TEXT"}, {"service_code", "TEXT"}, {"service_name", "TEXT"}, {"customer_id", "TEXT"}, {"clerk_id", "TEXT"}, {"level", "TEXT"}, {"comment", "TEXT"}, {"at", "TEXT"}},
	},
	{Name: "follow_ups", Key: []string{"id"}, Columns: []ExportColumn{
		{"id", "TEXT"}, {"source", "TEXT"}, {"source_id", "TEXT"}, {"source_at", "TEXT"}, {"due_at", "TEXT"}, {"customer_id", "TEXT"}, {"customer_name", "TEXT"}, {"phone", "TEXT"}, {"case_id", "TEXT"}, {"service_code", "TEXT"}, {"caller_id", "TEXT"}, {"state", "TEXT"}, {"attempts", "TEXT"}, {"answers", "TEXT"}, {"score", "INTEGER"}, {"improve", "TEXT"}, {"new_problem", "INTEGER"}, {"new_problem_text", "TEXT"}, {"new_complaint_id", "TEXT"}, {"done_at", "TEXT"}, {"created_at", "TEXT"}},
	},
}

// exportTableIndex maps a table's name to its place in ExportTables.
var exportTableIndex = func() map[string]int {
	m := make(map[string]int, len(ExportTables))
	for i, t := range ExportTables {
		m[t.Name] = i
	}
	return m
}()

// ExportTableByName returns the exported table called name; ok is false
// when no exported table has that name.
func ExportTableByName(name string) (ExportTable, bool) {
	i, ok := exportTableIndex[name]
	if !ok {
		return ExportTable{}, false
	}
	return ExportTables[i], true
}

// ColumnNames returns the names of the table's exported columns, in order.
func (t ExportTable) ColumnNames() []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}
