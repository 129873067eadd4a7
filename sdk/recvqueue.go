package sdk

// inbound is one received message.
type inbound struct {
	typ  MessageType
	data []byte
}

// inboundCost is what a received message counts for against
// Options.ReceiveBuffer: its size, but at least MessageOverhead.
func inboundCost(m inbound) int64 { return messageCost(len(m.data)) }

// messageCost is what a message of n bytes counts for against a byte limit.
func messageCost(n int) int64 { return int64(max(n, MessageOverhead)) }
