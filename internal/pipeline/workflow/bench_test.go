package workflow

import "testing"

func BenchmarkParseSeed(b *testing.B) {
	src := seedSourceB(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("sync-main.yaml", src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMatchesPush(b *testing.B) {
	w := mustParse(b, "on:\n  push:\n    branches: [main, 'releases/**', '!releases/**-alpha']\n    paths: ['app/**', 'aws/**']\njobs:\n  j:\n    steps: [{run: x}]\n")
	files := []string{"README.md", "docs/a.md", "app/main.py"}
	b.ReportAllocs()
	for b.Loop() {
		if !w.MatchesPush("releases/v1", files) {
			b.Fatal("no match")
		}
	}
}

func BenchmarkMatchFilter(b *testing.B) {
	patterns := []string{"app/**", "{src,lib}/**/*.go", "!docs/**"}
	files := []string{"README.md", "docs/a.md", "web/node_modules/x/y.js", "app/main.py"}
	b.ReportAllocs()
	for b.Loop() {
		MatchFilter(patterns, files)
	}
}
