package dev.peerl.epmd;

/**
 * An EPMD request that failed: the daemon could not be reached, did not answer in time, answered
 * something that is not EPMD, or refused a registration. "Node not found" is not an exception: a
 * lookup answers an empty {@code Optional}.
 */
public final class EpmdException extends RuntimeException {
  private final String epmd;
  private final String request;
  private final String reason;

  public EpmdException(String epmd, String request, String reason) {
    this(epmd, request, reason, null);
  }

  public EpmdException(String epmd, String request, String reason, Throwable cause) {
    super(request + " to EPMD at " + epmd + " failed: " + reason, cause);
    this.epmd = epmd;
    this.request = request;
    this.reason = reason;
  }

  /** The daemon asked, as {@code host:port}. */
  public String epmd() {
    return epmd;
  }

  /** The request, as OTP names it, with its argument, e.g. {@code PORT_PLEASE2_REQ(foo)}. */
  public String request() {
    return request;
  }

  public String reason() {
    return reason;
  }
}
