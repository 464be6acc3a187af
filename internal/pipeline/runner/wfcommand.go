package runner

import "strings"

// Command is one `::name key=value,...::message` workflow command found in
// a step's output.
type Command struct {
	Name       string
	Properties map[string]string
	Message    string
}

var (
	dataUnescaper     = strings.NewReplacer("%0D", "\r", "%0d", "\r", "%0A", "\n", "%0a", "\n", "%25", "%")
	propertyUnescaper = strings.NewReplacer("%0D", "\r", "%0d", "\r", "%0A", "\n", "%0a", "\n", "%3A", ":", "%3a", ":", "%2C", ",", "%2c", ",", "%25", "%")
)

// ParseCommand recognises a workflow command line as GitHub's runner does
// (ActionCommand.TryParseV2): after trimming, the line starts with "::",
// the command and its comma-separated key=value properties run to the next
// "::", and the rest is the message. Values are %-unescaped. It reports
// false for ordinary output.
func ParseCommand(line string) (Command, bool) {
	t := strings.TrimSpace(line)
	if !strings.HasPrefix(t, "::") {
		return Command{}, false
	}
	end := strings.Index(t[2:], "::")
	if end < 0 {
		return Command{}, false
	}
	info, msg := t[2:2+end], t[2+end+2:]
	name, props, _ := strings.Cut(info, " ")
	if name == "" {
		return Command{}, false
	}
	c := Command{Name: name, Message: dataUnescaper.Replace(msg)}
	for _, p := range strings.Split(props, ",") {
		k, v, ok := strings.Cut(p, "=")
		if !ok || strings.TrimSpace(k) == "" {
			continue
		}
		if c.Properties == nil {
			c.Properties = map[string]string{}
		}
		c.Properties[strings.TrimSpace(k)] = propertyUnescaper.Replace(v)
	}
	return c, true
}
