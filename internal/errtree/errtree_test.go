package errtree

import (
	"errors"
	"fmt"
	"testing"
)

type codeError struct{ code int }

func (e codeError) Error() string { return fmt.Sprint("code ", e.code) }

// setter sets a codeError through an As method, as errors.As allows.
type setter struct{ code int }

func (s setter) Error() string { return "setter" }

func (s setter) As(target any) bool {
	if p, ok := target.(*codeError); ok {
		*p = codeError(s)
		return true
	}
	return false
}

// TestAsMatchesErrorsAs compares As with errors.As over trees of each shape:
// none, direct, wrapped, joined (first match wins), and set through As.
func TestAsMatchesErrorsAs(t *testing.T) {
	other := errors.New("other")
	for _, err := range []error{
		nil,
		other,
		codeError{1},
		fmt.Errorf("a: %w", codeError{2}),
		fmt.Errorf("a: %w", fmt.Errorf("b: %w", codeError{3})),
		errors.Join(other, codeError{4}, codeError{5}),
		fmt.Errorf("a: %w and %w", fmt.Errorf("b: %w", codeError{6}), codeError{7}),
		setter{8},
		fmt.Errorf("a: %w", setter{9}),
		errors.Join(fmt.Errorf("x: %w", other), setter{10}, codeError{11}),
		fmt.Errorf("not wrapped: %v", codeError{12}),
	} {
		var want codeError
		wantOK := errors.As(err, &want)
		got, ok := As[codeError](err)
		if got != want || ok != wantOK {
			t.Errorf("As(%v) = %v, %t; errors.As finds %v, %t", err, got, ok, want, wantOK)
		}
	}
}

// TestWrap: the text is the sentinel's then the detail, and the sentinel
// still matches; nil stays nil.
func TestWrap(t *testing.T) {
	sentinel := errors.New("wasmws: sentinel")
	err := Wrap(sentinel, "detail")
	if got, want := err.Error(), "wasmws: sentinel: detail"; got != want {
		t.Errorf("Wrap(...).Error() = %q want %q", got, want)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("errors.Is(Wrap(sentinel, ...), sentinel) = false want true")
	}
	if err := Wrap(nil, "detail"); err != nil {
		t.Errorf("Wrap(nil, ...) = %v want nil", err)
	}
}

// TestNested: an error's text inside another's loses its leading prefix,
// and only that one.
func TestNested(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{errors.New("plain"), "plain"},
		{errors.New("wasmws: sentinel"), "sentinel"},
		{Wrap(errors.New("wasmws: sentinel"), "detail wasmws: kept"), "sentinel: detail wasmws: kept"},
		{errors.New("wasmws:"), "wasmws:"},
	} {
		if got := Nested(tc.err); got != tc.want {
			t.Errorf("Nested(%v) = %q want %q", tc.err, got, tc.want)
		}
	}
}
