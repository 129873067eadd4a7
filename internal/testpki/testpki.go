// Package testpki makes throwaway certificates for the tests of the TLS
// options (sdk.Options.RootCAs, ClientCertificate, ClientKey) and of the
// flags of "wasmws dial" that set them. It builds on both targets; only tests
// import it, so the browser build of the library does not link it.
package testpki

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"
)

// PKI is a certificate authority and a client certificate it signed, all
// PEM. The certificates are valid from an hour ago to an hour from now.
type PKI struct {
	CACert     []byte // the authority's self-signed certificate
	ClientCert []byte // a client certificate signed by the authority
	ClientKey  []byte // its private key (PKCS #8)
}

// New makes a fresh PKI with new P-256 keys; it fails tb on error.
func New(tb testing.TB) PKI {
	tb.Helper()
	caKey := newKey(tb)
	now := time.Now()
	caTemplate := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "wasmws test CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		tb.Fatal(err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		tb.Fatal(err)
	}
	clientKey := newKey(tb)
	clientTemplate := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "wasmws test client"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	clientDER, err := x509.CreateCertificate(rand.Reader, clientTemplate, ca, &clientKey.PublicKey, caKey)
	if err != nil {
		tb.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(clientKey)
	if err != nil {
		tb.Fatal(err)
	}
	return PKI{
		CACert:     PEM("CERTIFICATE", caDER),
		ClientCert: PEM("CERTIFICATE", clientDER),
		ClientKey:  PEM("PRIVATE KEY", keyDER),
	}
}

// PEM encodes der as one PEM block of the given type.
func PEM(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

func newKey(tb testing.TB) *ecdsa.PrivateKey {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	return key
}
