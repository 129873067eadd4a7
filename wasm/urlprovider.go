//go:build js && wasm

package main

import (
	"context"
	"strings"

	"github.com/hack-pad/safejs"
)

// provideURL is the Client's URL provider when url is a function, asked
// before every attempt: what the function returns (a string, or a Promise of
// one).
func (r *rws) provideURL(ctx context.Context) (string, error) {
	v, err := r.urlFn.Invoke()
	if err != nil {
		return "", jsError(err)
	}
	if v, err = await(ctx, v); err != nil {
		return "", err
	}
	url, err := toString(v)
	if err != nil {
		return "", jsError(err)
	}
	return url, nil
}

// await returns what v resolves to if it is a thenable, else v, waiting
// until ctx ends. The callbacks are released once the promise settles, even
// if that is after ctx ended.
func await(ctx context.Context, v safejs.Value) (safejs.Value, error) {
	if t := v.Type(); t != safejs.TypeObject && t != safejs.TypeFunction {
		return v, nil
	}
	then, err := v.Get("then")
	if err != nil || then.Type() != safejs.TypeFunction {
		return v, nil
	}
	type result struct {
		v   safejs.Value
		err error
	}
	ch := make(chan result, 1)
	var onOK, onErr safejs.Func
	settle := func(res result) {
		ch <- res
		onOK.Release()
		onErr.Release()
	}
	onOK, err = safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		settle(result{v: arg(args, 0)})
		return nil
	})
	if err != nil {
		return safejs.Value{}, err
	}
	onErr, err = safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		msg, _ := toString(arg(args, 0))
		settle(result{err: errString("the url function's promise rejected: " + msg)})
		return nil
	})
	if err != nil {
		onOK.Release()
		return safejs.Value{}, err
	}
	if _, err := v.Call("then", onOK, onErr); err != nil {
		onOK.Release()
		onErr.Release()
		return safejs.Value{}, jsError(err)
	}
	select {
	case res := <-ch:
		return res.v, res.err
	case <-ctx.Done():
		return safejs.Value{}, ctx.Err()
	}
}

// toString converts v as JavaScript's String(v) does.
func toString(v safejs.Value) (string, error) {
	if v.Type() == safejs.TypeString {
		return v.String()
	}
	str, err := safejs.Global().Get("String")
	if err != nil {
		return "", err
	}
	s, err := str.Invoke(v)
	if err != nil {
		return "", err
	}
	return s.String()
}

// jsError turns an exception of the url function into the attempt's error.
func jsError(err error) error {
	return errString("the url function threw: " + strings.TrimPrefix(err.Error(), "JavaScript error: "))
}
