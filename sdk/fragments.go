package sdk

// MaxEmptyFragments bounds the frames with an empty payload in one received
// message. Such frames add nothing to a message's size, so ReadLimit alone
// would never end a message made of them, however long it went on. Senders
// that stream a message may end it with one empty final frame; a message
// with more than MaxEmptyFragments empty frames is treated as larger than
// [Options.ReadLimit].
//
// # WebAssembly
//
// The browser assembles messages itself; the bound is not enforced there.
const MaxEmptyFragments = 1024
