package resumeproto

// Fifo is a queue of messages, oldest first, that reuses its array. A
// slice cut at its head (q = q[1:]) and appended to at its tail moves along
// its array and makes a new one each time it reaches the end: an
// allocation every few messages of a stream. The zero value is empty; it
// is not safe for concurrent use.
type Fifo struct {
	msgs []Message
	head int // msgs[:head] were taken, and zeroed
}

// Push adds m at the tail. When the array is full and at least half of it
// was taken, the messages left move to its start instead of growing it:
// the array so holds at most about four times the messages queued at its
// fullest (less than twice when it grows, and growing doubles it), and each
// message is moved a constant number of times on average.
func (q *Fifo) Push(m Message) {
	if len(q.msgs) == cap(q.msgs) && q.head > 0 && q.head >= len(q.msgs)/2 {
		n := copy(q.msgs, q.msgs[q.head:])
		clear(q.msgs[n:])
		q.msgs, q.head = q.msgs[:n], 0
	}
	q.msgs = append(q.msgs, m)
}

// Items returns the messages queued, oldest first, valid until the next
// Push or Drop.
func (q *Fifo) Items() []Message { return q.msgs[q.head:] }

// Drop removes the n oldest messages (n ≤ len(q.Items())).
func (q *Fifo) Drop(n int) {
	clear(q.msgs[q.head : q.head+n])
	q.head += n
	if q.head == len(q.msgs) {
		q.msgs, q.head = q.msgs[:0], 0
	}
}
