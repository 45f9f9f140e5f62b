/*
 * libsrtp 3 calls used by mediasoup 3.19, on top of Debian bookworm's libsrtp 2.5.
 * libsrtp 3 takes separate in/out buffers with size_t lengths (out length is capacity on entry);
 * libsrtp 2 works in place with int lengths. Each adapter copies into `out` when needed, then runs in place.
 */
#ifndef JINGWEI_SRTP3_ADAPTER_H
#define JINGWEI_SRTP3_ADAPTER_H
#include <srtp2/srtp.h>
#ifdef __cplusplus
#include <cstddef>
#include <cstdint>
#include <cstring>

/* Error codes libsrtp 3 added; mediasoup only compares against them. */
#define srtp_err_status_buffer_small (static_cast<srtp_err_status_t>(28))
#define srtp_err_status_cryptex_err (static_cast<srtp_err_status_t>(29))

namespace jingwei_srtp
{
  inline int inPlace(const uint8_t* in, size_t inLen, uint8_t* out)
  {
    if (out != in)
      std::memmove(out, in, inLen);
    return static_cast<int>(inLen);
  }
} // namespace jingwei_srtp

inline srtp_err_status_t srtp_protect(
  srtp_t ctx, const uint8_t* in, size_t inLen, uint8_t* out, size_t* outLen, size_t mki)
{
  if (inLen + SRTP_MAX_TRAILER_LEN > *outLen)
    return srtp_err_status_buffer_small;
  int len = jingwei_srtp::inPlace(in, inLen, out);
  const srtp_err_status_t status =
    mki ? srtp_protect_mki(ctx, out, &len, 1, static_cast<unsigned int>(mki)) : srtp_protect(ctx, out, &len);
  *outLen = static_cast<size_t>(len);
  return status;
}

inline srtp_err_status_t srtp_unprotect(
  srtp_t ctx, const uint8_t* in, size_t inLen, uint8_t* out, size_t* outLen)
{
  int len = jingwei_srtp::inPlace(in, inLen, out);
  const srtp_err_status_t status = srtp_unprotect(ctx, out, &len);
  *outLen = static_cast<size_t>(len);
  return status;
}

inline srtp_err_status_t srtp_protect_rtcp(
  srtp_t ctx, const uint8_t* in, size_t inLen, uint8_t* out, size_t* outLen, size_t mki)
{
  /* SRTCP appends the E-flag + index word besides the tag. */
  if (inLen + SRTP_MAX_TRAILER_LEN + 4 > *outLen)
    return srtp_err_status_buffer_small;
  int len = jingwei_srtp::inPlace(in, inLen, out);
  const srtp_err_status_t status = mki
    ? srtp_protect_rtcp_mki(ctx, out, &len, 1, static_cast<unsigned int>(mki))
    : srtp_protect_rtcp(ctx, out, &len);
  *outLen = static_cast<size_t>(len);
  return status;
}

inline srtp_err_status_t srtp_unprotect_rtcp(
  srtp_t ctx, const uint8_t* in, size_t inLen, uint8_t* out, size_t* outLen)
{
  int len = jingwei_srtp::inPlace(in, inLen, out);
  const srtp_err_status_t status = srtp_unprotect_rtcp(ctx, out, &len);
  *outLen = static_cast<size_t>(len);
  return status;
}

inline srtp_err_status_t srtp_stream_remove(srtp_t session, uint32_t ssrc)
{
  return srtp_remove_stream(session, ssrc);
}
#endif
#endif
