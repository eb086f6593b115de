#ifndef FLINT_COPENSSL_SHIM_H
#define FLINT_COPENSSL_SHIM_H

#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

// Swift cannot call C macros or variadic functions. Every one Flint needs gets a
// prefixed `static inline` wrapper here; nothing else belongs in this header except
// the ALPN selection callback, which must be a C function pointer.

// MARK: - SSL_CTX

static inline int flint_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

static inline int flint_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}

static inline int flint_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *groups) {
    return (int)SSL_CTX_set1_groups_list(ctx, groups);
}

/// No renegotiation, no compression, the server's cipher order wins.
/* Whether the context never resumes a session: no tickets (TLS 1.2 or 1.3) and no
   session cache (TLS 1.2 session ids). */
static inline int flint_SSL_CTX_refuses_resumption(const SSL_CTX *ctx) {
    return (SSL_CTX_get_options(ctx) & SSL_OP_NO_TICKET) != 0
        && SSL_CTX_get_session_cache_mode(ctx) == SSL_SESS_CACHE_OFF
        && SSL_CTX_get_num_tickets(ctx) == 0;
}

static inline void flint_SSL_CTX_set_hardened_options(SSL_CTX *ctx) {
    /* No resumption at all: a ticket key that never rotates would let a stolen key decrypt
       every resumed session, and a session cache grows with clients; Flint's clients keep
       their connections instead. NO_TICKET alone leaves TLS 1.2 session ids (the server
       cache) and TLS 1.3 stateful tickets, so the cache is off and no ticket is sent. */
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION
                                 | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_TICKET);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_num_tickets(ctx, 0);
}

/// Frees a connection's record buffers while it is idle.
static inline void flint_SSL_CTX_set_release_buffers(SSL_CTX *ctx) {
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
}

// MARK: - ALPN

/// The application protocols the server speaks, in its order of preference, in ALPN wire
/// format (each length-prefixed): flint/1, then standard gRPC over HTTP/2 (`h2`, and
/// `grpc-exp`, which some gRPC clients offer first).
static const unsigned char flint_alpn_server_preference[] = {
    7, 'f', 'l', 'i', 'n', 't', '/', '1',
    2, 'h', '2',
    8, 'g', 'r', 'p', 'c', '-', 'e', 'x', 'p',
};

/// Whether the client's offer `in` (ALPN wire format) is well formed.
static int flint_alpn_offer_is_well_formed(const unsigned char *in, unsigned int inlen) {
    unsigned int offset = 0;
    while (offset < inlen) {
        unsigned int length = in[offset];
        if (length == 0 || offset + 1 + length > inlen) {
            return 0;
        }
        offset += 1 + length;
    }
    return 1;
}

/// Server ALPN selection: the first of the server's protocols (flint/1, h2, grpc-exp) that
/// the client offers, whatever the client's order; none of them fails the handshake with a
/// fatal no_application_protocol alert. OpenSSL only calls this when the client sent the
/// ALPN extension, so a client offering no ALPN at all is accepted (and speaks flint/1).
static int flint_alpn_select(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                             const unsigned char *in, unsigned int inlen, void *arg) {
    (void)ssl;
    (void)arg;
    if (!flint_alpn_offer_is_well_formed(in, inlen)) {
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    unsigned int preferred = 0;
    while (preferred < sizeof(flint_alpn_server_preference)) {
        unsigned int wanted = flint_alpn_server_preference[preferred];
        unsigned int offset = 0;
        while (offset < inlen) {
            unsigned int length = in[offset];
            if (length == wanted
                && memcmp(in + offset + 1, flint_alpn_server_preference + preferred + 1, length) == 0) {
                *out = in + offset + 1;
                *outlen = (unsigned char)length;
                return SSL_TLSEXT_ERR_OK;
            }
            offset += 1 + length;
        }
        preferred += 1 + wanted;
    }
    return SSL_TLSEXT_ERR_ALERT_FATAL;
}

static inline void flint_SSL_CTX_select_alpn(SSL_CTX *ctx) {
    SSL_CTX_set_alpn_select_cb(ctx, flint_alpn_select, NULL);
}

// MARK: - SSL

static inline int flint_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

// MARK: - BIO

static inline long flint_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

static inline int flint_BIO_pending(BIO *bio) {
    return BIO_pending(bio);
}

/// Makes an empty memory BIO report "retry" instead of end-of-file.
static inline void flint_BIO_set_mem_eof_return(BIO *bio, int value) {
    BIO_set_mem_eof_return(bio, value);
}

// MARK: - Keys

static inline EVP_PKEY *flint_EVP_EC_gen(const char *curve) {
    return EVP_EC_gen(curve);
}

#endif
