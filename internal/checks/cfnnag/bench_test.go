package cfnnag

import "testing"

// BenchmarkScanSeed parses and scans the seed's template.
func BenchmarkScanSeed(b *testing.B) {
	body := readSeed(b)
	for b.Loop() {
		if _, err := Scan(body, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
