package sdk

// NewMessageOwned is [NewMessage] without the copy: it checks the message
// the same way (an error matching ErrInvalidMessage) and the Message keeps
// p itself, so the caller must not change p afterwards. It is for bytes
// made for the message alone, such as a sub-slice of a buffer filled for a
// batch of messages; such a Message keeps the whole buffer reachable for as
// long as it lives unless p's capacity ends where it does.
func NewMessageOwned(typ MessageType, p []byte) (Message, error) {
	if err := ValidateMessage(typ, p); err != nil {
		return Message{}, err
	}
	if p == nil {
		p = []byte{}
	}
	return Message{typ: typ, data: p}, nil
}
