package dev.peerl.runtime.connection;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.TLSClosing;
import org.apache.pekko.stream.TLSProtocol.SendBytes;
import org.apache.pekko.stream.TLSProtocol.SessionBytes;
import org.apache.pekko.stream.TLSProtocol.SslTlsInbound;
import org.apache.pekko.stream.TLSProtocol.SslTlsOutbound;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.TLS;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS under the distribution protocol, as erl's {@code -proto_dist inet_tls}: the layer between the
 * handshake and TCP, for the side that dials ({@link #client}) and the side that accepts ({@link
 * #server}). EPMD stays plain TCP.
 *
 * <pre>
 *   DistFraming &lt;-&gt; Handshake &lt;-plain bytes-&gt; DistTls &lt;-TLS records-&gt; Tcp
 * </pre>
 *
 * Inside TLS, OTP frames the handshake messages with a 4-byte length, not 2 ({@code inet_tls_dist}
 * runs the whole connection with {@code {packet, 4}}), so the handshake stage is built with {@link
 * FrameHeader#CONNECTED} then. The SSL context is made once, from {@link TlsSettings}, when the
 * node starts: a missing or unreadable file stops the node with a {@link TlsConfigurationException}
 * rather than failing each connection.
 */
public final class DistTls {
  private static final Logger LOG = LoggerFactory.getLogger(DistTls.class);
  // The password of the in-memory key store made from PEM files; it protects nothing.
  private static final char[] IN_MEMORY = "peerl".toCharArray();

  private final TlsSettings settings;
  private final SSLContext context;
  private final String[] protocols;

  private DistTls(TlsSettings settings, SSLContext context) {
    this.settings = settings;
    this.context = context;
    this.protocols = settings.protocols().toArray(String[]::new);
  }

  /**
   * Loads the key, the certificates and the trusted CAs that {@code settings} name.
   *
   * @throws IllegalArgumentException if {@code settings} has TLS off
   * @throws TlsConfigurationException if a file cannot be read or used, or a protocol is not
   *     supported by this JVM
   */
  public static DistTls create(TlsSettings settings) {
    if (!settings.enabled()) {
      throw new IllegalArgumentException("peerl.tls.enabled is off");
    }
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore(settings), keyPassword(settings));
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore(settings));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
      checkProtocols(context, settings.protocols());
      return new DistTls(settings, context);
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException("cannot set TLS up: " + e.getMessage(), e);
    }
  }

  /**
   * The TLS layer of a connection this node dials to {@code host} (the host part of the peer's node
   * name, checked against its certificate if {@link TlsSettings#verifyHostname()}).
   */
  public BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> client(
      String host, int port) {
    return layer(
        () -> {
          SSLEngine engine = context.createSSLEngine(host, port);
          engine.setUseClientMode(true);
          SSLParameters parameters = engine.getSSLParameters();
          parameters.setProtocols(protocols);
          if (settings.verifyHostname()) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
          }
          engine.setSSLParameters(parameters);
          return engine;
        },
        host + ":" + port);
  }

  /**
   * The TLS layer of a connection another node dialled, from {@code remote} (its address, for the
   * log); it must present a trusted certificate if {@link TlsSettings#verifyPeer()}.
   */
  public BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> server(String remote) {
    return layer(
        () -> {
          SSLEngine engine = context.createSSLEngine();
          engine.setUseClientMode(false);
          SSLParameters parameters = engine.getSSLParameters();
          parameters.setProtocols(protocols);
          parameters.setNeedClientAuth(settings.verifyPeer());
          engine.setSSLParameters(parameters);
          return engine;
        },
        remote);
  }

  private static BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> layer(
      Supplier<SSLEngine> engine, String peer) {
    // A session truncated without close_notify is a closed connection: DistFraming fails on a
    // frame cut short, and the handshake on a message cut short.
    BidiFlow<ByteString, SslTlsOutbound, SslTlsInbound, ByteString, NotUsed> plain =
        BidiFlow.fromFlows(
            Flow.of(ByteString.class).<SslTlsOutbound>map(SendBytes::new),
            Flow.of(SslTlsInbound.class).collectType(SessionBytes.class).map(SessionBytes::bytes));
    return TlsFailureFirst.bidi()
        .atop(plain)
        .atop(TLS.create(engine, logSession(peer), TLSClosing.eagerClose()));
  }

  private static Consumer<SSLSession> logSession(String peer) {
    return session -> {
      if (LOG.isDebugEnabled()) {
        String certificate;
        try {
          certificate = session.getPeerPrincipal().getName();
        } catch (SSLPeerUnverifiedException e) {
          certificate = "none";
        }
        LOG.debug(
            "[{}] TLS session: {}, {}, peer certificate {}",
            peer,
            session.getProtocol(),
            session.getCipherSuite(),
            certificate);
      }
    };
  }

  private static KeyStore keyStore(TlsSettings settings) throws GeneralSecurityException {
    if (settings.keyStore().isPresent()) {
      Path file = settings.keyStore().get();
      KeyStore store = load(file, settings.keyStorePassword(), "key-store");
      if (Collections.list(store.aliases()).stream().noneMatch(alias -> isKey(store, alias))) {
        throw new TlsConfigurationException("the key store " + file + " holds no private key");
      }
      return store;
    }
    Path certFile = settings.certFile().orElseThrow();
    List<X509Certificate> chain = PemFiles.certificates(certFile);
    PrivateKey key = PemFiles.privateKey(settings.keyFile().orElseThrow());
    KeyStore store = emptyStore();
    try {
      store.setKeyEntry("peerl", key, IN_MEMORY, chain.toArray(Certificate[]::new));
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException(
          "the key in "
              + settings.keyFile().orElseThrow()
              + " does not go with the certificate in "
              + certFile
              + ": "
              + e.getMessage(),
          e);
    }
    return store;
  }

  private static boolean isKey(KeyStore store, String alias) {
    try {
      return store.isKeyEntry(alias);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static char[] keyPassword(TlsSettings settings) {
    return settings.keyStore().isPresent()
        ? settings.keyStorePassword().toCharArray()
        : IN_MEMORY.clone();
  }

  /** Every certificate of the trust store and of the CA file, as trusted entries. */
  private static KeyStore trustStore(TlsSettings settings) throws GeneralSecurityException {
    KeyStore trusted = emptyStore();
    int count = 0;
    if (settings.trustStore().isPresent()) {
      KeyStore store =
          load(settings.trustStore().get(), settings.trustStorePassword(), "trust-store");
      for (String alias : Collections.list(store.aliases())) {
        Certificate certificate = store.getCertificate(alias);
        if (certificate != null) {
          trusted.setCertificateEntry("store-" + count++, certificate);
        }
      }
    }
    if (settings.cacertFile().isPresent()) {
      for (X509Certificate certificate : PemFiles.certificates(settings.cacertFile().get())) {
        trusted.setCertificateEntry("file-" + count++, certificate);
      }
    }
    if (count == 0) {
      throw new TlsConfigurationException(
          "peerl.tls trusts no certificate: the trust store is empty");
    }
    return trusted;
  }

  private static KeyStore load(Path file, String password, String setting) {
    try {
      // Detects PKCS12 and JKS.
      return KeyStore.getInstance(file.toFile(), password.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new TlsConfigurationException(
          "cannot read peerl.tls." + setting + " " + file + ": " + e.getMessage(), e);
    }
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException("an empty key store cannot fail to load", e);
    }
    return store;
  }

  private static void checkProtocols(SSLContext context, List<String> wanted) {
    Set<String> supported = Set.of(context.getSupportedSSLParameters().getProtocols());
    for (String protocol : wanted) {
      if (!supported.contains(protocol)) {
        throw new TlsConfigurationException(
            "peerl.tls.protocols: this JVM does not support "
                + protocol
                + "; it supports "
                + Arrays.toString(context.getSupportedSSLParameters().getProtocols()));
      }
    }
  }

  @Override
  public String toString() {
    return "DistTls[" + settings + "]";
  }
}
