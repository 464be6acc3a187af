package awsapi

import (
	"encoding/xml"
	"io"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// decodeQuery fills the struct v points to from awsQuery form values.
// Field names are the Go field names unless a `query:"Name"` tag says
// otherwise; lists are Name.member.N, maps Name.entry.N.key/value, nested
// structures Name.Field — the serialization botocore and the Go SDK use.
func decodeQuery(form url.Values, v any) error {
	return decodeQueryValue(form, "", reflect.ValueOf(v).Elem())
}

func queryName(f reflect.StructField) string {
	if t := f.Tag.Get("query"); t != "" {
		return t
	}
	return f.Name
}

func decodeQueryValue(form url.Values, prefix string, v reflect.Value) error {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			// An embedded struct's fields are the outer struct's members,
			// as with encoding/json (its exported fields stay settable).
			if err := decodeQueryValue(form, prefix, v.Field(i)); err != nil {
				return err
			}
			continue
		}
		if !f.IsExported() || f.Tag.Get("query") == "-" {
			continue
		}
		if err := decodeQueryField(form, prefix+queryName(f), v.Field(i)); err != nil {
			return err
		}
	}
	return nil
}

func hasPrefix(form url.Values, p string) bool {
	for k := range form {
		if k == p || strings.HasPrefix(k, p+".") {
			return true
		}
	}
	return false
}

// indices returns the sorted N values of keys "p.N" or "p.N.…" present in form.
func indices(form url.Values, p string) []int {
	seen := map[int]bool{}
	for k := range form {
		if !strings.HasPrefix(k, p+".") {
			continue
		}
		rest := k[len(p)+1:]
		if j := strings.IndexByte(rest, '.'); j >= 0 {
			rest = rest[:j]
		}
		if n, err := strconv.Atoi(rest); err == nil && n > 0 && n <= 10000 {
			seen[n] = true
		}
	}
	out := make([]int, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

func decodeQueryField(form url.Values, name string, v reflect.Value) error {
	if v.Kind() == reflect.Pointer {
		if !hasPrefix(form, name) {
			return nil
		}
		nv := reflect.New(v.Type().Elem())
		if err := decodeQueryField(form, name, nv.Elem()); err != nil {
			return err
		}
		v.Set(nv)
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(form.Get(name))
	case reflect.Int, reflect.Int32, reflect.Int64:
		s := form.Get(name)
		if s == "" {
			return nil
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return Errorf(CodeValidation, "Value '%s' at '%s' failed to satisfy constraint: Member must be a number", s, lowerFirst(name))
		}
		v.SetInt(n)
	case reflect.Float64:
		s := form.Get(name)
		if s == "" {
			return nil
		}
		n, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return Errorf(CodeValidation, "Value '%s' at '%s' failed to satisfy constraint: Member must be a number", s, lowerFirst(name))
		}
		v.SetFloat(n)
	case reflect.Bool:
		s := form.Get(name)
		if s == "" {
			return nil
		}
		b, err := strconv.ParseBool(s)
		if err != nil {
			return Errorf(CodeValidation, "Value '%s' at '%s' failed to satisfy constraint: Member must be a boolean", s, lowerFirst(name))
		}
		v.SetBool(b)
	case reflect.Slice:
		idx := indices(form, name+".member")
		s := reflect.MakeSlice(v.Type(), len(idx), len(idx))
		for i, n := range idx {
			if err := decodeQueryField(form, name+".member."+strconv.Itoa(n), s.Index(i)); err != nil {
				return err
			}
		}
		if len(idx) > 0 || form.Has(name) {
			v.Set(s)
		}
	case reflect.Map:
		idx := indices(form, name+".entry")
		m := reflect.MakeMapWithSize(v.Type(), len(idx))
		for _, n := range idx {
			p := name + ".entry." + strconv.Itoa(n)
			m.SetMapIndex(reflect.ValueOf(form.Get(p+".key")), reflect.ValueOf(form.Get(p+".value")))
		}
		if len(idx) > 0 {
			v.Set(m)
		}
	case reflect.Struct:
		return decodeQueryValue(form, name+".", v)
	}
	return nil
}

func lowerFirst(s string) string {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		s = s[i+1:]
	}
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// writeQueryResponse writes an awsQuery success response.
func writeQueryResponse(w io.Writer, svc *Service, op *Operation, out any, requestID string) error {
	io.WriteString(w, `<`+op.Name+`Response xmlns="`+svc.XMLNamespace+`">`+"\n")
	if !op.noResult {
		enc := xml.NewEncoder(w)
		start := xml.StartElement{Name: xml.Name{Local: op.Name + "Result"}}
		if out == nil || (reflect.ValueOf(out).Kind() == reflect.Pointer && reflect.ValueOf(out).IsNil()) {
			if err := enc.EncodeToken(start); err != nil {
				return err
			}
			if err := enc.EncodeToken(start.End()); err != nil {
				return err
			}
		} else if err := enc.EncodeElement(out, start); err != nil {
			return err
		}
		if err := enc.Flush(); err != nil {
			return err
		}
		io.WriteString(w, "\n")
	}
	_, err := io.WriteString(w, "<ResponseMetadata><RequestId>"+requestID+"</RequestId></ResponseMetadata>\n</"+op.Name+"Response>\n")
	return err
}

// writeQueryError writes an awsQuery <ErrorResponse>.
func writeQueryError(w io.Writer, e *Error, requestID string) {
	typ := "Sender"
	if e.Receiver {
		typ = "Receiver"
	}
	var msg strings.Builder
	xml.EscapeText(&msg, []byte(e.Message))
	io.WriteString(w, `<ErrorResponse xmlns="http://webservices.amazon.com/AWSFault/2005-15-09"><Error><Type>`+typ+`</Type><Code>`+e.Code+`</Code><Message>`+msg.String()+`</Message></Error><RequestId>`+requestID+`</RequestId></ErrorResponse>`+"\n")
}
