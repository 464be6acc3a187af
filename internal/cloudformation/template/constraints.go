package template

import (
	"regexp"
	"slices"
	"strconv"
	"unicode/utf8"
)

// check validates one parameter value against its type and constraints,
// worded as CloudFormation words it.
func (p *Parameter) check(value string) error {
	kind, _, _ := classifyParam(p.Type)
	switch kind {
	case kindNumber:
		return p.checkNumber(value)
	case kindNumberList:
		for _, v := range splitList(value) {
			if err := p.checkNumber(v); err != nil {
				return err
			}
		}
		return nil
	case kindStringList:
		for _, v := range splitList(value) {
			if err := p.checkAllowed(v, false); err != nil {
				return err
			}
			if err := p.checkPattern(v); err != nil {
				return err
			}
		}
		return nil
	}
	if err := p.checkAllowed(value, false); err != nil {
		return err
	}
	if err := p.checkPattern(value); err != nil {
		return err
	}
	n := utf8.RuneCountInString(value)
	if p.MinLength != nil && n < *p.MinLength {
		return p.violated("Parameter '%s' must contain at least %d characters", p.Name, *p.MinLength)
	}
	if p.MaxLength != nil && n > *p.MaxLength {
		return p.violated("Parameter '%s' must contain at most %d characters", p.Name, *p.MaxLength)
	}
	return nil
}

func (p *Parameter) checkNumber(value string) error {
	if !numberRe.MatchString(value) {
		return paramErr("Parameter '%s' must be a number.", p.Name)
	}
	f, err := strconv.ParseFloat(value, 64)
	if err != nil {
		return paramErr("Parameter '%s' must be a number.", p.Name)
	}
	if err := p.checkAllowed(value, true); err != nil {
		return err
	}
	if p.MinValue != nil && f < *p.MinValue {
		return p.violated("Parameter '%s' must be a number not less than %s", p.Name, p.minValueText)
	}
	if p.MaxValue != nil && f > *p.MaxValue {
		return p.violated("Parameter '%s' must be a number not greater than %s", p.Name, p.maxValueText)
	}
	return nil
}

// checkAllowed checks AllowedValues; numeric parameters compare as numbers
// (2.0 is 2).
func (p *Parameter) checkAllowed(value string, numeric bool) error {
	if p.AllowedValues == nil {
		return nil
	}
	if slices.Contains(p.AllowedValues, value) {
		return nil
	}
	if f, err := strconv.ParseFloat(value, 64); numeric && err == nil {
		for _, a := range p.AllowedValues {
			if g, err := strconv.ParseFloat(a, 64); err == nil && f == g {
				return nil
			}
		}
	}
	return paramErr("Parameter '%s' must be one of AllowedValues", p.Name)
}

func (p *Parameter) checkPattern(value string) error {
	if p.AllowedPattern == "" {
		return nil
	}
	re, err := regexp.Compile(fullMatch(p.AllowedPattern))
	if err != nil || !re.MatchString(value) {
		return p.violated("Parameter %s failed to satisfy constraint: Malformed input-Parameter %s must match pattern %s",
			p.Name, p.Name, p.AllowedPattern)
	}
	return nil
}

// violated returns the constraint message, replaced by the template's
// ConstraintDescription when it has one.
func (p *Parameter) violated(format string, args ...any) error {
	if p.ConstraintDescription != "" {
		return paramErr("Parameter %s failed to satisfy constraint: %s", p.Name, p.ConstraintDescription)
	}
	return paramErr(format, args...)
}
