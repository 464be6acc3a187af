// Package credfile reads and writes berth's root credentials in the AWS
// shared-credentials format, so the AWS CLI and SDKs can use the file as is
// (AWS_SHARED_CREDENTIALS_FILE=<data>/credentials AWS_PROFILE=berth).
package credfile

import (
	"bufio"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"strings"
)

// Profile is the profile name berth writes.
const Profile = "berth"

// Key is a long-term access key pair.
type Key struct {
	AccessKeyID     string
	SecretAccessKey string
}

// ErrNoProfile means the file exists but has no berth profile.
var ErrNoProfile = errors.New("credfile: no [berth] profile")

// LoadOrCreate returns the root key stored at path, creating the file
// (mode 0600) with a fresh key when it does not exist.
func LoadOrCreate(path string) (Key, bool, error) {
	k, err := Load(path)
	if err == nil {
		return k, false, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return Key{}, false, err
	}
	k = Key{AccessKeyID: NewAccessKeyID("AKIA"), SecretAccessKey: NewSecret()}
	body := fmt.Sprintf("[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\n", Profile, k.AccessKeyID, k.SecretAccessKey)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return Key{}, false, fmt.Errorf("credfile: create %s: %w", path, err)
	}
	if _, err := f.WriteString(body); err != nil {
		f.Close()
		return Key{}, false, fmt.Errorf("credfile: write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return Key{}, false, err
	}
	return k, true, f.Close()
}

// Load reads the [berth] profile from path.
func Load(path string) (Key, error) {
	f, err := os.Open(path)
	if err != nil {
		return Key{}, err
	}
	defer f.Close()
	var k Key
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			in = line == "["+Profile+"]"
			continue
		}
		name, val, ok := strings.Cut(line, "=")
		if !in || !ok {
			continue
		}
		switch strings.TrimSpace(name) {
		case "aws_access_key_id":
			k.AccessKeyID = strings.TrimSpace(val)
		case "aws_secret_access_key":
			k.SecretAccessKey = strings.TrimSpace(val)
		}
	}
	if err := sc.Err(); err != nil {
		return Key{}, fmt.Errorf("credfile: read %s: %w", path, err)
	}
	if k.AccessKeyID == "" || k.SecretAccessKey == "" {
		return Key{}, fmt.Errorf("credfile: %s: %w", path, ErrNoProfile)
	}
	return k, nil
}

const idAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// NewAccessKeyID returns prefix (AKIA, ASIA, AROA...) followed by 16
// random characters of AWS's id alphabet, 20 characters in all.
func NewAccessKeyID(prefix string) string {
	return prefix + randomString(20-len(prefix), idAlphabet)
}

// NewID returns prefix followed by n random id characters (for role ids
// AROA… and policy ids ANPA…, which AWS makes 21 characters long).
func NewID(prefix string, n int) string { return prefix + randomString(n, idAlphabet) }

// NewSecret returns a 40-character secret access key.
func NewSecret() string {
	return randomString(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
}

func randomString(n int, alphabet string) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("credfile: crypto/rand failed: " + err.Error())
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
