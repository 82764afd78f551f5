package dev.peerl.runtime.connection;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * TLS for distribution connections, from {@code peerl.tls} in the configuration: this node's key
 * and certificate (a PKCS12 key store, or PEM files as erl's {@code certfile} and {@code keyfile}),
 * the certificates it trusts (a PKCS12 trust store and/or a PEM file as erl's {@code cacertfile}),
 * whether it requires a certificate from the nodes that dial it, whether it checks that a node it
 * dials has a certificate for its host name, and the TLS versions it speaks.
 *
 * @param enabled whether distribution connections, both ways, run inside TLS
 * @param keyStore a PKCS12 (or JKS) key store with this node's private key and certificate chain
 * @param keyStorePassword the key store's password, also the key's
 * @param certFile a PEM file with this node's certificate, then the chain up to its CA if needed
 * @param keyFile a PEM file with this node's unencrypted PKCS#8 private key ({@code BEGIN PRIVATE
 *     KEY})
 * @param trustStore a PKCS12 (or JKS) store of the CA certificates this node trusts
 * @param trustStorePassword the trust store's password
 * @param cacertFile a PEM file of CA certificates this node trusts
 * @param verifyPeer whether a node that dials this one must present a certificate this node trusts
 *     (mutual TLS, erl's {@code verify_peer} with {@code fail_if_no_peer_cert}); a node this one
 *     dials is always checked
 * @param verifyHostname whether the certificate of a node this one dials must name the host part of
 *     its node name, as erl's TLS distribution checks it
 * @param protocols the TLS versions offered, such as {@code TLSv1.3}
 */
public record TlsSettings(
    boolean enabled,
    Optional<Path> keyStore,
    String keyStorePassword,
    Optional<Path> certFile,
    Optional<Path> keyFile,
    Optional<Path> trustStore,
    String trustStorePassword,
    Optional<Path> cacertFile,
    boolean verifyPeer,
    boolean verifyHostname,
    List<String> protocols) {

  /** TLS off: plain TCP, as erl's default {@code inet_tcp} distribution. */
  public static final TlsSettings DISABLED =
      new TlsSettings(
          false,
          Optional.empty(),
          "",
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          "",
          Optional.empty(),
          true,
          true,
          List.of("TLSv1.3", "TLSv1.2"));

  /**
   * @throws TlsConfigurationException if TLS is enabled but the key is not given exactly one way (a
   *     key store, or a certificate file and a key file), no trusted certificates are given, or no
   *     protocol is
   */
  public TlsSettings {
    protocols = List.copyOf(protocols);
    if (enabled) {
      boolean pem = certFile.isPresent() || keyFile.isPresent();
      if (keyStore.isPresent() == pem) {
        throw new TlsConfigurationException(
            "peerl.tls needs this node's key either as key-store or as cert-file and key-file");
      }
      if (pem && (certFile.isEmpty() || keyFile.isEmpty())) {
        throw new TlsConfigurationException(
            "peerl.tls needs both cert-file and key-file, or a key-store instead");
      }
      // No fallback to the JDK's public CAs: any holder of a public certificate would be a peer.
      if (trustStore.isEmpty() && cacertFile.isEmpty()) {
        throw new TlsConfigurationException(
            "peerl.tls needs the CA certificates it trusts: trust-store or cacert-file");
      }
      if (protocols.isEmpty()) {
        throw new TlsConfigurationException("peerl.tls.protocols is empty");
      }
    }
  }

  /** Reads the {@code peerl.tls} section of {@code config}. */
  public static TlsSettings create(Config config) {
    Config section = config.getConfig("peerl.tls");
    return new TlsSettings(
        section.getBoolean("enabled"),
        path(section, "key-store"),
        section.getString("key-store-password"),
        path(section, "cert-file"),
        path(section, "key-file"),
        path(section, "trust-store"),
        section.getString("trust-store-password"),
        path(section, "cacert-file"),
        section.getBoolean("verify-peer"),
        section.getBoolean("verify-hostname"),
        section.getStringList("protocols"));
  }

  private static Optional<Path> path(Config section, String key) {
    String value = section.getString(key);
    return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
  }

  /** Leaves the passwords out: they are secrets and settings end up in logs. */
  @Override
  public String toString() {
    if (!enabled) {
      return "TlsSettings[off]";
    }
    return "TlsSettings[keyStore="
        + keyStore.map(Path::toString).orElse("-")
        + ", certFile="
        + certFile.map(Path::toString).orElse("-")
        + ", keyFile="
        + keyFile.map(Path::toString).orElse("-")
        + ", trustStore="
        + trustStore.map(Path::toString).orElse("-")
        + ", cacertFile="
        + cacertFile.map(Path::toString).orElse("-")
        + ", verifyPeer="
        + verifyPeer
        + ", verifyHostname="
        + verifyHostname
        + ", protocols="
        + protocols
        + "]";
  }
}
