package process

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/berth-dev/berth/internal/runtime"
)

// clockTicks is USER_HZ, the unit of CPU times in /proc/<pid>/stat. It is
// 100 on every Linux architecture Go supports; reading it needs sysconf
// (cgo), which berth avoids.
const clockTicks = 100

// errBadStat reports a /proc/<pid>/stat line that does not parse.
var errBadStat = errors.New("process: malformed /proc stat")

// procStat is the part of /proc/<pid>/stat that berth uses.
type procStat struct {
	pid   int
	state byte
	pgrp  int
	// cpuTicks is utime+stime plus cutime+cstime: the CPU of reaped
	// children counts too, so a short-lived worker's work is not lost.
	cpuTicks int64
	rssPages int64
}

// parseProcStat parses one /proc/<pid>/stat line. The command name is in
// parentheses and may itself hold spaces and parentheses, so fields are
// counted from the last ')'.
func parseProcStat(b []byte) (procStat, error) {
	open := bytes.IndexByte(b, '(')
	end := bytes.LastIndexByte(b, ')')
	if open < 1 || end < open {
		return procStat{}, fmt.Errorf("%w: no command name", errBadStat)
	}
	pid, err := strconv.Atoi(string(bytes.TrimSpace(b[:open])))
	if err != nil {
		return procStat{}, fmt.Errorf("%w: pid: %v", errBadStat, err)
	}
	f := bytes.Fields(b[end+1:])
	// After the name: state(0) ppid(1) pgrp(2) ... utime(11) stime(12)
	// cutime(13) cstime(14) ... rss(21).
	if len(f) < 22 || len(f[0]) != 1 {
		return procStat{}, fmt.Errorf("%w: %d fields", errBadStat, len(f))
	}
	var nums [22]int64
	for _, i := range [...]int{2, 11, 12, 13, 14, 21} {
		n, err := strconv.ParseInt(string(f[i]), 10, 64)
		if err != nil {
			return procStat{}, fmt.Errorf("%w: field %d: %v", errBadStat, i, err)
		}
		nums[i] = n
	}
	return procStat{
		pid:      pid,
		state:    f[0][0],
		pgrp:     int(nums[2]),
		cpuTicks: nums[11] + nums[12] + nums[13] + nums[14],
		rssPages: nums[21],
	}, nil
}

// groupStats sums CPU and RSS over the live members of process group pgid by
// scanning procDir (/proc). Processes that vanish mid-scan are skipped;
// zombies are not counted (they hold no memory and are already gone).
func groupStats(procDir string, pgid int) (runtime.Stats, error) {
	entries, err := os.ReadDir(procDir)
	if err != nil {
		return runtime.Stats{}, fmt.Errorf("process: stats group %d: %w", pgid, err)
	}
	var ticks, pages int64
	var st runtime.Stats
	for _, e := range entries {
		name := e.Name()
		if name[0] < '0' || name[0] > '9' {
			continue
		}
		b, err := os.ReadFile(filepath.Join(procDir, name, "stat"))
		if err != nil {
			continue
		}
		ps, err := parseProcStat(b)
		if err != nil || ps.pgrp != pgid || ps.state == 'Z' || ps.state == 'X' {
			continue
		}
		ticks += ps.cpuTicks
		pages += ps.rssPages
		st.Processes++
	}
	st.CPUSeconds = float64(ticks) / clockTicks
	st.RSSBytes = pages * int64(os.Getpagesize())
	return st, nil
}
