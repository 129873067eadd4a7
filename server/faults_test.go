//go:build !js

package server

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wasmws/wasmws/internal/httptoken"
)

func TestParseFaults(t *testing.T) {
	t.Parallel()
	testCases := []struct {
		query string
		want  faults
	}{
		{"", faults{}},
		{"tag=mine&x=1", faults{}},
		{"close=1000", faults{closeCode: 1000}},
		{"close=4999&reason=bye%20now&after=3", faults{closeCode: 4999, reason: "bye now", closeAfter: 3}},
		{"close=1003&after=0", faults{closeCode: 1003}},
		{"close=1007", faults{closeCode: 1007}},
		{"close=1014", faults{closeCode: 1014}},
		{"close=3000&reason=", faults{closeCode: 3000}},
		{"close=1000&reason=" + strings.Repeat("r", 123), faults{closeCode: 1000, reason: strings.Repeat("r", 123)}},
		{"drop=0", faults{drop: true}},
		{"drop=7", faults{drop: true, dropAfter: 7}},
		{"delay=250ms", faults{delay: 250 * time.Millisecond}},
		{"delay=0s", faults{}},
		{"delay=1m", faults{delay: time.Minute}},
		{"pause=k1", faults{pause: "k1"}},
		{"resume=k1", faults{resume: "k1"}},
		{"pause=a&resume=b", faults{pause: "a", resume: "b"}},
		{"push=3", faults{push: 3}},
		{"push=3&size=5", faults{push: 3, size: 5}},
		{"push=2&size=0&pushtype=text", faults{push: 2, pushText: true}},
		{"push=1&pushtype=binary", faults{push: 1}},
		{"push=1&size=67108864", faults{push: 1, size: 64 << 20}},
		{"reject=400", faults{reject: 400}},
		{"reject=599", faults{reject: 599}},
		{"hang=2s", faults{hang: 2 * time.Second}},
		{"protocol=chat", faults{protocol: "chat", setProtocol: true}},
		{"protocol=", faults{setProtocol: true}},
		{"protocol", faults{setProtocol: true}},
		{"protocol=x-Y.1~", faults{protocol: "x-Y.1~", setProtocol: true}},
		{"raw=828501", faults{script: true, raw: "\x82\x85\x01"}},
		{"raw=", faults{script: true}},
		{"rawclose=880203ed&protocol=chat", faults{script: true, rawClose: "\x88\x02\x03\xed", rawCloseSet: true, protocol: "chat", setProtocol: true}},
		{"badaccept=1", faults{script: true, badAccept: true}},
		{"close=4000&after=1&drop=2&delay=1ms&pause=p&push=1&size=1", faults{
			closeCode: 4000, closeAfter: 1, drop: true, dropAfter: 2, delay: time.Millisecond,
			pause: "p", push: 1, size: 1,
		}},
	}
	for _, tc := range testCases {
		t.Run(tc.query, func(t *testing.T) {
			t.Parallel()
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			got, err := parseFaults(q)
			if err != nil {
				t.Fatalf("parseFaults(%q) error: %v", tc.query, err)
			}
			if got != tc.want {
				t.Errorf("parseFaults(%q) = %+v want %+v", tc.query, got, tc.want)
			}
		})
	}
}

func TestParseFaultsErrors(t *testing.T) {
	t.Parallel()
	testCases := []struct {
		query string
		want  string // in the error
	}{
		{"close=abc", `close="abc"`},
		{"close=", `close=""`},
		{"close=999", "1000-1003"},
		{"close=1004", "1000-1003"},
		{"close=1005", "1000-1003"},
		{"close=1006", "1000-1003"},
		{"close=1015", "1000-1003"},
		{"close=2999", "1000-1003"},
		{"close=5000", "1000-1003"},
		{"close=1000&close=1001", "close is given 2 times"},
		{"reason=x", "reason is given without close"},
		{"after=1", "after is given without close"},
		{"close=1000&reason=" + strings.Repeat("r", 124), "at most 123 bytes"},
		{"close=1000&reason=%ff", "valid UTF-8"},
		{"close=1000&after=-1", `after="-1"`},
		{"close=1000&after=x", `after="x"`},
		{"drop=", `drop=""`},
		{"drop=-1", `drop="-1"`},
		{"drop=1.5", `drop="1.5"`},
		{"delay=5", `delay="5"`},
		{"delay=-1s", `delay="-1s"`},
		{"delay=61s", "from 0s to 1m0s"},
		{"pause=", "pause is empty"},
		{"pause", "pause is empty"},
		{"resume=", "resume is empty"},
		{"push=-1", `push="-1"`},
		{"push=1000001", "from 0 to 1000000"},
		{"push=1&size=67108865", "from 0 to 67108864"},
		{"size=3", "size is given without push"},
		{"pushtype=text", "pushtype is given without push"},
		{"push=1&pushtype=json", "want binary or text"},
		{"reject=399", "from 400 to 599"},
		{"reject=600", "from 400 to 599"},
		{"reject=abc", "from 400 to 599"},
		{"hang=forever", `hang="forever"`},
		{"hang=2m", "from 0s to 1m0s"},
		{"protocol=a%20b", "HTTP token"},
		{"protocol=a,b", "HTTP token"},
		{"protocol=%C3%A9", "HTTP token"},
		{"raw=zz", "hexadecimal"},
		{"rawclose=" + strings.Repeat("00", 4097), "at most 4096 bytes"},
		{"badaccept=yes", "want 1"},
		{"raw=00&push=1", "combine with reject, hang, resume and protocol only"},
		{"badaccept=1&close=1000", "combine with reject, hang, resume and protocol only"},
	}
	for _, tc := range testCases {
		t.Run(tc.query, func(t *testing.T) {
			t.Parallel()
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			got, err := parseFaults(q)
			if err == nil {
				t.Fatalf("parseFaults(%q) = %+v, want an error containing %q", tc.query, got, tc.want)
			}
			if msg := err.Error(); !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") {
				t.Errorf("parseFaults(%q) error = %q, want one line containing %q", tc.query, msg, tc.want)
			}
		})
	}
}

func FuzzParseFaults(f *testing.F) {
	for _, seed := range []string{
		"", "close=4000&reason=bye&after=2", "drop=0", "delay=10ms", "pause=k&resume=j",
		"push=3&size=5&pushtype=text", "reject=503", "hang=1s", "protocol=", "protocol=chat",
		"close=abc", "close=1000&close=1001", "push=-1", "delay=1h", "%zz", "reason=%ff",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, query string) {
		q, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		got, err := parseFaults(q)
		if err != nil {
			if got != (faults{}) {
				t.Errorf("parseFaults(%q) = %+v with error %v, want the zero faults", query, got, err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("parseFaults(%q) error %q is not one line", query, err)
			}
			return
		}
		// Whatever was accepted is within bounds.
		switch {
		case got.closeCode != 0 && !sendableCloseCode(int(got.closeCode)):
			t.Errorf("parseFaults(%q): accepted close code %d", query, got.closeCode)
		case len(got.reason) > maxReason:
			t.Errorf("parseFaults(%q): accepted a %d-byte reason", query, len(got.reason))
		case got.closeAfter < 0 || got.dropAfter < 0 || got.push < 0 || got.push > maxPush:
			t.Errorf("parseFaults(%q): accepted a count out of range: %+v", query, got)
		case got.size < 0 || got.size > maxPushSize:
			t.Errorf("parseFaults(%q): accepted size %d", query, got.size)
		case got.delay < 0 || got.delay > maxWait || got.hang < 0 || got.hang > maxWait:
			t.Errorf("parseFaults(%q): accepted a duration out of range: %+v", query, got)
		case got.reject != 0 && (got.reject < 400 || got.reject > 599):
			t.Errorf("parseFaults(%q): accepted reject=%d", query, got.reject)
		case got.protocol != "" && !httptoken.Valid(got.protocol):
			t.Errorf("parseFaults(%q): accepted protocol %q", query, got.protocol)
		}
		// Garbage in any fault parameter is an error.
		for _, k := range faultParams {
			if k == "protocol" || k == "pause" || k == "resume" || k == "reason" {
				continue // these take free text
			}
			bad := url.Values{}
			for kk, v := range q {
				bad[kk] = v
			}
			bad.Set("close", "1000") // so that reason and after are allowed
			bad.Set("push", "1")     // so that size and pushtype are allowed
			bad.Set(k, "garbage\x00"+query)
			if _, err := parseFaults(bad); err == nil {
				t.Errorf("parseFaults(%v) accepted garbage for %s", bad, k)
			}
		}
	})
}
