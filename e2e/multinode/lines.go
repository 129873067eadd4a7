package multinode

import (
	"encoding/json"
	"strings"
)

// The environment of the browser program (jsclient): the nodes' /echo
// URLs, comma-separated, and Config.Total.
const (
	EnvURLs  = "WASMWS_MULTINODE_URLS"
	EnvTotal = "WASMWS_MULTINODE_TOTAL"
)

// Prefixes of the lines that carry a run's progress and report from a
// browser to the test, one JSON value each.
const (
	progressPrefix = "multinode progress "
	reportPrefix   = "multinode report "
)

// ProgressLine returns p as a line of output (with its newline).
func ProgressLine(p Progress) string { return line(progressPrefix, p) }

// ReportLine returns r as a line of output (with its newline).
func ReportLine(r Report) string { return line(reportPrefix, r) }

func line(prefix string, v any) string {
	j, _ := json.Marshal(v) // plain structs of numbers and strings: no error
	return prefix + string(j) + "\n"
}

// ParseLine reads a line written by ProgressLine or ReportLine (without its
// newline): it returns the progress or the report it carries, or neither
// (ok false) for any other line.
func ParseLine(s string) (p *Progress, r *Report, ok bool) {
	if rest, found := strings.CutPrefix(s, progressPrefix); found {
		p = new(Progress)
		return p, nil, json.Unmarshal([]byte(rest), p) == nil
	}
	if rest, found := strings.CutPrefix(s, reportPrefix); found {
		r = new(Report)
		return nil, r, json.Unmarshal([]byte(rest), r) == nil
	}
	return nil, nil, false
}
