package checks

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"
)

// FileTags returns the identify tags of a file, as pre-commit computes
// them to match a hook's types: file/directory/symlink, executable or
// non-executable, text or binary, and what the name (or, for executables
// with no known name, the shebang) says: yaml, json, python, go, shell...
// A path that does not exist has no tags.
func FileTags(name string) map[string]bool {
	fi, err := os.Lstat(name)
	if err != nil {
		return nil
	}
	mode := fi.Mode()
	switch {
	case mode.IsDir():
		return map[string]bool{"directory": true}
	case mode&fs.ModeSymlink != 0:
		return map[string]bool{"symlink": true}
	case mode&fs.ModeSocket != 0:
		return map[string]bool{"socket": true}
	}
	tags := map[string]bool{"file": true}
	executable := mode.Perm()&0o111 != 0
	if executable {
		tags["executable"] = true
	} else {
		tags["non-executable"] = true
	}
	byName := TagsFromFilename(path.Base(name))
	if len(byName) > 0 {
		for t := range byName {
			tags[t] = true
		}
	} else if executable {
		for t := range tagsFromShebang(name) {
			tags[t] = true
		}
	}
	if !tags["text"] && !tags["binary"] {
		if fileIsText(name) {
			tags["text"] = true
		} else {
			tags["binary"] = true
		}
	}
	return tags
}

// TagsFromFilename returns the tags identify derives from a base name: a
// special name (Dockerfile, Makefile, .gitignore...) or the extension.
func TagsFromFilename(base string) map[string]bool {
	tags := map[string]bool{}
	parts := append([]string{base}, strings.Split(base, ".")...)
	for _, part := range parts {
		if ts, ok := nameTags[part]; ok {
			addTags(tags, ts)
			break
		}
	}
	if ext := pyExt(base); len(ext) > 1 {
		addTags(tags, extensionTags[strings.ToLower(ext[1:])])
	}
	return tags
}

func addTags(dst map[string]bool, tags string) {
	for t := range strings.FieldsSeq(tags) {
		dst[t] = true
	}
}

// pyExt is Python's os.path.splitext extension of a base name: from the
// last dot, ignoring leading dots.
func pyExt(base string) string {
	i := strings.LastIndexByte(base, '.')
	if i <= 0 || strings.Trim(base[:i], ".") == "" {
		return ""
	}
	return base[i:]
}

// tagsFromShebang reads "#!/usr/bin/env python3" style lines.
func tagsFromShebang(name string) map[string]bool {
	f, err := os.Open(name)
	if err != nil {
		return nil
	}
	defer f.Close()
	buf := make([]byte, 1024)
	n, _ := io.ReadFull(f, buf)
	line, _, _ := bytes.Cut(buf[:n], []byte("\n"))
	if !bytes.HasPrefix(line, []byte("#!")) {
		return nil
	}
	fields := strings.Fields(string(line[2:]))
	if len(fields) > 0 && path.Base(fields[0]) == "env" {
		fields = fields[1:]
		for len(fields) > 0 && strings.HasPrefix(fields[0], "-") {
			fields = fields[1:]
		}
	}
	if len(fields) == 0 {
		return nil
	}
	interp := path.Base(fields[0])
	for interp != "" {
		if ts, ok := interpreterTags[interp]; ok {
			tags := map[string]bool{}
			addTags(tags, ts)
			return tags
		}
		i := strings.LastIndexByte(interp, '.')
		if i < 0 {
			break
		}
		interp = interp[:i]
	}
	return nil
}

// fileIsText applies identify's rule: the first KiB holds no control bytes
// other than BEL, BS, TAB, LF, VT, FF, CR and ESC.
func fileIsText(name string) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 1024)
	n, _ := io.ReadFull(f, buf)
	return isText(buf[:n])
}

func isText(b []byte) bool {
	for _, c := range b {
		if c == 0x7f || (c < 0x20 && (c < 7 || (c > 13 && c != 27))) {
			return false
		}
	}
	return true
}

// knownTag reports whether berth can ever give a file this tag.
func knownTag(tag string) bool {
	return allTags()[tag]
}

// allTags is every tag the tables can produce, computed once.
var allTags = sync.OnceValue(func() map[string]bool {
	tags := map[string]bool{}
	addTags(tags, "file directory symlink socket executable non-executable text binary")
	for _, m := range []map[string]string{extensionTags, nameTags, interpreterTags} {
		for _, ts := range m {
			addTags(tags, ts)
		}
	}
	return tags
})
