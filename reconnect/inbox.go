package reconnect

import (
	"github.com/wasmws/wasmws/internal/msgqueue"
	"github.com/wasmws/wasmws/sdk"
)

// inboxLimit bounds the bytes of received messages a Client holds beyond each
// connection's own receive buffer (sdk.Options.ReceiveBuffer), counting each
// message at least sdk.MessageOverhead bytes; one message larger than this
// still passes when the inbox is empty.
const inboxLimit = 256 << 10

// received is one received message.
type received struct {
	typ     sdk.MessageType
	data    []byte
	session uint64 // resume mode: its session's gen, whose credit taking it frees (0: plain mode)
}

func (m received) cost() int64 { return sdk.MessageCost(len(m.data)) }

// newInbox returns the Client's one receive queue, fed by one forwarder per
// connection in turn, read by Client.Receive.
func newInbox() *msgqueue.Queue[received] {
	return &msgqueue.Queue[received]{Limit: inboxLimit, Cost: received.cost}
}
