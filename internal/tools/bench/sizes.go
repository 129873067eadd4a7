package bench

import "strconv"

// Sizes are the message sizes measured, in bytes.
var Sizes = []int{16, 1 << 10, 64 << 10, 1 << 20}

// SizeName renders a size as the tables show it: "16 B", "1 KiB", "64 KiB",
// "1 MiB".
func SizeName(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.Itoa(n>>10) + " KiB"
	}
	return strconv.Itoa(n) + " B"
}

// Window is how many messages of size bytes the throughput loop keeps in
// flight: up to 4 MiB, at least 1, at most 64.
func Window(size int) int {
	return max(1, min(64, (4<<20)/max(size, 1)))
}
