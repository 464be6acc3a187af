package template

import (
	"math/big"
	"net/netip"
)

// cidr computes Fn::Cidr: count consecutive blocks of cidrBits host bits,
// starting at the network address of ipBlock. Works for IPv4 and IPv6.
func cidr(ipBlock string, count, cidrBits int) ([]any, error) {
	prefix, err := netip.ParsePrefix(ipBlock)
	if err != nil {
		return nil, templateErr("Fn::Cidr ipBlock %s is not a valid CIDR block", ipBlock)
	}
	prefix = prefix.Masked()
	total := prefix.Addr().BitLen()
	if count < 1 || count > 256 {
		return nil, templateErr("Fn::Cidr count must be between 1 and 256, got %d", count)
	}
	newLen := total - cidrBits
	if cidrBits < 1 || newLen < prefix.Bits() {
		return nil, templateErr("Fn::Cidr cidrBits %d does not fit in %s", cidrBits, ipBlock)
	}
	available := new(big.Int).Lsh(big.NewInt(1), uint(newLen-prefix.Bits()))
	if available.Cmp(big.NewInt(int64(count))) < 0 {
		return nil, templateErr("Fn::Cidr cannot fit %d blocks with %d CIDR bits in %s", count, cidrBits, ipBlock)
	}
	base := new(big.Int).SetBytes(prefix.Addr().AsSlice())
	step := new(big.Int).Lsh(big.NewInt(1), uint(cidrBits))
	out := make([]any, 0, count)
	for i := 0; i < count; i++ {
		n := new(big.Int).Add(base, new(big.Int).Mul(step, big.NewInt(int64(i))))
		buf := make([]byte, total/8)
		n.FillBytes(buf)
		addr, _ := netip.AddrFromSlice(buf)
		out = append(out, netip.PrefixFrom(addr, newLen).String())
	}
	return out, nil
}
