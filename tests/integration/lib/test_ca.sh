#!/usr/bin/env bash
# A throwaway test CA for certificate fixtures, minted at test time with the openssl CLI, so no
# private key is ever committed. Validity dates are fixed (openssl ca -startdate/-enddate), so
# results at a pinned --now do not depend on the day the tests run.
# Source it, then:
#   tca_init DIR                  root CA (RSA 2048) and intermediates in DIR (sets TCA_DIR):
#                                 inter (sha256), inter2 (issued by inter), inter-sha1 (signed with SHA-1)
#   tca_key FILE ALG              private key: rsa1024 rsa2048 rsa3072 p256 p384 p521 ed25519
#   tca_leaf DIR NAME ISSUER ALG START END SAN [CN] [MD]
#                                 DIR/NAME.key + DIR/NAME.pem issued by the TCA_DIR CA named ISSUER (root, inter, inter2,
#                                 inter-sha1) for serverAuth; SAN "" = no subjectAltName (CN only);
#                                 dates YYYYMMDDHHMMSSZ; MD default sha256
#   tca_chain OUT KEY CERT...     concatenates PEM files into a chain file (key first)
# Fixed instants used by the tests: the CAs are valid 2020-2045.

tca_key() {  # tca_key FILE ALG
  local file=$1 alg=$2
  case $alg in
    rsa*) openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${alg#rsa}" -out "$file" 2>/dev/null ;;
    p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$file" ;;
    p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$file" ;;
    p521) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out "$file" ;;
    ed25519) openssl genpkey -algorithm ED25519 -out "$file" ;;
    *) echo "tca_key: unknown algorithm $alg" >&2; return 1 ;;
  esac
  chmod 600 "$file"
}

_tca_config() {  # _tca_config DIR
  cat > "$1/ca.cnf" <<CNF
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = $1
database = $1/index.txt
new_certs_dir = $1/newcerts
serial = $1/serial
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
copy_extensions = none
[ policy_any ]
commonName = optional
organizationName = optional
[ req ]
distinguished_name = req_dn
prompt = no
[ req_dn ]
CN = unused
[ ext_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ ext_root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
CNF
}

# _tca_sign DIR ISSUER CSR OUT START END EXTFILE SECTION MD   (ISSUER "self" for a root)
_tca_sign() {
  local dir=$1 issuer=$2 csr=$3 out=$4 start=$5 end=$6 ext=$7 section=$8 md=$9
  local signer=(-cert "$dir/$issuer.pem" -keyfile "$dir/$issuer.key")
  [ "$issuer" = self ] && signer=(-selfsign -keyfile "${csr%.csr}.key")
  openssl ca -batch -config "$dir/ca.cnf" "${signer[@]}" -in "$csr" -out "$out" -notext \
    -startdate "$start" -enddate "$end" -md "$md" -extfile "$ext" -extensions "$section" 2>"$dir/last-sign.log" ||
    { cat "$dir/last-sign.log" >&2; return 1; }
}

_tca_csr() {  # _tca_csr KEY CSR SUBJECT
  openssl req -new -key "$1" -out "$2" -subj "$3" 2>/dev/null
}

_tca_ca() {  # _tca_ca DIR NAME ISSUER SUBJECT MD
  local dir=$1 name=$2
  tca_key "$dir/$name.key" rsa2048
  _tca_csr "$dir/$name.key" "$dir/$name.csr" "$4"
  local section=ext_ca
  [ "$3" = self ] && section=ext_root
  _tca_sign "$dir" "$3" "$dir/$name.csr" "$dir/$name.pem" 20200101000000Z 20450101000000Z "$dir/ca.cnf" "$section" "$5"
}

tca_init() {  # tca_init DIR (also sets TCA_DIR, the CA tca_leaf signs with)
  local dir=$1
  TCA_DIR=$dir
  mkdir -p "$dir/newcerts"
  : > "$dir/index.txt"
  echo 1000 > "$dir/serial"
  _tca_config "$dir"
  _tca_ca "$dir" root self "/O=mtaudit test/CN=mtaudit Test Root CA" sha256 &&
    _tca_ca "$dir" inter root "/O=mtaudit test/CN=mtaudit Test Intermediate CA" sha256 &&
    _tca_ca "$dir" inter2 inter "/O=mtaudit test/CN=mtaudit Test Sub-Intermediate CA" sha256 &&
    _tca_ca "$dir" inter-sha1 root "/O=mtaudit test/CN=mtaudit Test SHA-1 Intermediate CA" sha1
}

tca_leaf() {  # tca_leaf DIR NAME ISSUER ALG START END SAN [CN] [MD]
  local dir=$1 name=$2 issuer=$3 alg=$4 start=$5 end=$6 san=$7 cn=${8:-mail.example.org} md=${9:-sha256}
  local ca=$TCA_DIR
  tca_key "$dir/$name.key" "$alg" || return 1
  _tca_csr "$dir/$name.key" "$dir/$name.csr" "/CN=$cn"
  {
    echo "[ ext_leaf ]"
    echo "basicConstraints = critical, CA:FALSE"
    echo "extendedKeyUsage = serverAuth"
    echo "subjectKeyIdentifier = hash"
    echo "authorityKeyIdentifier = keyid"
    [ -n "$san" ] && echo "subjectAltName = $san"
  } > "$dir/$name.ext"
  _tca_sign "$ca" "$issuer" "$dir/$name.csr" "$dir/$name.pem" "$start" "$end" "$dir/$name.ext" ext_leaf "$md"
  rm -f "$dir/$name.csr" "$dir/$name.ext"
}

tca_chain() {  # tca_chain OUT FILE...
  local out=$1
  shift
  cat "$@" > "$out"
}
