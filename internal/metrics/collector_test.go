package metrics

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

var update = flag.Bool("update", false, "rewrite the expected output of golden files")

// fakeSource serves fixed snapshots.
type fakeSource []ServiceSnapshot

func (f fakeSource) Services() []ServiceSnapshot { return f }

const separator = "\n---\n"

// TestCollectorGolden reads testdata/collector/*.txt: snapshots as JSON,
// the separator, then the exact text /_berth/metrics must serve for them.
func TestCollectorGolden(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "collector", "*.txt"))
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			input, want, _ := strings.Cut(string(raw), separator)
			var src fakeSource
			if err := json.Unmarshal([]byte(input), &src); err != nil {
				t.Fatalf("input: %v", err)
			}
			got := scrape(t, src)
			if *update {
				out := strings.TrimRight(input, "\n") + separator + got
				if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != want {
				t.Errorf("scrape differs from %s (go test -update rewrites it):\n--- got\n%s--- want\n%s", file, got, want)
			}
			// The text must parse as the exposition format, and say the
			// same as the collector itself.
			parser := expfmt.NewTextParser(model.UTF8Validation)
			if _, err := parser.TextToMetricFamilies(strings.NewReader(got)); err != nil {
				t.Errorf("served text does not parse: %v", err)
			}
			if err := testutil.CollectAndCompare(NewCollector(src), strings.NewReader(want)); err != nil {
				t.Errorf("CollectAndCompare: %v", err)
			}
		})
	}
}

// scrape serves src's metrics over real HTTP and returns the body.
func scrape(t *testing.T, src Source) string {
	t.Helper()
	h, err := Handler(src)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/_berth/metrics", nil)
	req.Header.Set("Accept", "text/plain")
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("GET metrics: %s %q", res.Status, res.Header.Get("Content-Type"))
	}
	return string(body)
}

func TestHandlerRejectsClashingCollectors(t *testing.T) {
	if _, err := Handler(fakeSource{}, NewCollector(fakeSource{})); err == nil {
		t.Error("Handler with the same metrics twice: want an error")
	}
}

// TestCollectorReadsOnScrape checks that values are the source's at each
// scrape, not accumulated: scraping twice does not double anything.
func TestCollectorReadsOnScrape(t *testing.T) {
	src := &mutableSource{snap: ServiceSnapshot{Service: "s", Requests: 5, Status2xx: 5}}
	c := NewCollector(src)
	for _, n := range []uint64{5, 5, 7} {
		src.snap.Status2xx = n
		want := "# HELP berth_requests_total Requests answered by the ingress, by status class.\n# TYPE berth_requests_total counter\n" +
			"berth_requests_total{service=\"s\",status_class=\"2xx\"} " + itoa(n) + "\n" +
			"berth_requests_total{service=\"s\",status_class=\"3xx\"} 0\n" +
			"berth_requests_total{service=\"s\",status_class=\"4xx\"} 0\n" +
			"berth_requests_total{service=\"s\",status_class=\"5xx\"} 0\n"
		if err := testutil.CollectAndCompare(c, bytes.NewBufferString(want), "berth_requests_total"); err != nil {
			t.Errorf("2xx = %d: %v", n, err)
		}
	}
}

type mutableSource struct{ snap ServiceSnapshot }

func (m *mutableSource) Services() []ServiceSnapshot { return []ServiceSnapshot{m.snap} }

func itoa(n uint64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
