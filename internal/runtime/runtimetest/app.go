package runtimetest

import (
	"os"
	"path/filepath"
)

// contractGoMod and contractMain are the app every backend builds in the
// suite: a Go HTTP server (no external modules) whose behaviour is chosen at
// start by $MODE, so one build serves every case.
const contractGoMod = "module example.com/contract\n\ngo 1.22\n"

const contractMain = `package main

import (
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// buildMarker is set by the build command from a build environment variable.
var buildMarker = "unset"

func main() {
	port := os.Getenv("PORT")
	switch os.Getenv("MODE") {
	case "crash":
		fmt.Println("crashing on purpose")
		os.Exit(3)
	case "exit0":
		fmt.Println("nothing to do")
		return
	case "alloc":
		alloc()
	case "ignore-term":
		signal.Ignore(syscall.SIGTERM)
	}
	fmt.Println("listening on " + port)
	fmt.Fprintln(os.Stderr, "stderr works")
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "greeting=%s port=%s build=%s\n", os.Getenv("GREETING"), port, buildMarker)
	})
	if err := http.ListenAndServe(":"+port, nil); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
}

// alloc touches 4 MiB more every 20ms, up to 1 GiB, then waits.
func alloc() {
	var keep [][]byte
	for i := 0; i < 256; i++ {
		b := make([]byte, 4<<20)
		for j := 0; j < len(b); j += 4096 {
			b[j] = 1
		}
		keep = append(keep, b)
		fmt.Printf("allocated %d MiB\n", (i+1)*4)
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(time.Hour)
	fmt.Println(len(keep))
}
`

// writeContractRepo lays out a repository whose app lives in app/ (to
// exercise SourceDirectory) and returns its root.
func writeContractRepo(root string) error {
	files := map[string]string{
		"README.md":      "contract test repository\n",
		"app/go.mod":     contractGoMod,
		"app/main.go":    contractMain,
		"app/notes.txt":  "not code\n",
		"other/README":   "unrelated\n",
		"app/.gitignore": "server\n",
	}
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			return err
		}
	}
	return nil
}
