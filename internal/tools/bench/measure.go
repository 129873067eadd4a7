package bench

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"
)

// Throughput runs one throughput slice of about d on c with size-byte
// messages (see the package documentation) and adds it to acc.
func Throughput(ctx context.Context, c Client, size int, d time.Duration, acc *Raw) error {
	payload := Payload(size)
	window := make(chan struct{}, Window(size))
	sendErr := make(chan error, 1)

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	go func() {
		deadline := start.Add(d)
		for time.Now().Before(deadline) {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				sendErr <- ctx.Err()
				return
			}
			if err := c.Send(ctx, payload); err != nil {
				sendErr <- err
				return
			}
		}
		sendErr <- c.Send(ctx, nil) // the end marker
	}()
	var n int64
	for {
		p, err := c.Receive(ctx)
		if err != nil {
			return errors.Join(fmt.Errorf("receive: %w", err), drain(sendErr))
		}
		if len(p) == 0 {
			break
		}
		if len(p) != size {
			return fmt.Errorf("echo of %d bytes, want %d", len(p), size)
		}
		n++
		<-window
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if err := <-sendErr; err != nil {
		return fmt.Errorf("send: %w", err)
	}
	acc.addThroughput(n, elapsed, after.Mallocs-before.Mallocs, after.TotalAlloc-before.TotalAlloc)
	return nil
}

// drain returns the sender's error if it has one now.
func drain(errc chan error) error {
	select {
	case err := <-errc:
		return err
	default:
		return nil
	}
}

// Latency measures round trips of size-byte messages on c, one at a time,
// for about d (at least 3 and at most maxRounds of them), and adds them to
// acc.
func Latency(ctx context.Context, c Client, size int, d time.Duration, maxRounds int, acc *Raw) error {
	payload := Payload(size)
	rtts := make([]time.Duration, 0, 1024)
	deadline := time.Now().Add(d)
	for i := 0; i < maxRounds && (i < 3 || time.Now().Before(deadline)); i++ {
		t0 := time.Now()
		if err := c.Send(ctx, payload); err != nil {
			return fmt.Errorf("send: %w", err)
		}
		p, err := c.Receive(ctx)
		if err != nil {
			return fmt.Errorf("receive: %w", err)
		}
		rtts = append(rtts, time.Since(t0))
		if len(p) != size {
			return fmt.Errorf("echo of %d bytes, want %d", len(p), size)
		}
	}
	acc.addLatencies(rtts)
	return nil
}

// Payload returns a message of size bytes with a recognisable pattern.
func Payload(size int) []byte {
	p := make([]byte, size)
	for i := range p {
		p[i] = byte(i*7 + 1)
	}
	return p
}
