// OpenSSL's libcrypto, for the SHA-256 of each batch input (the digest only; nothing else of OpenSSL is used).
#include <openssl/evp.h>
