package sdk

// inbound is one received message in the receive buffer: a [Message].
type inbound = Message

// inboundCost is what a received message counts for against
// Options.ReceiveBuffer: [Message.Cost].
func inboundCost(m inbound) int64 { return m.Cost() }
