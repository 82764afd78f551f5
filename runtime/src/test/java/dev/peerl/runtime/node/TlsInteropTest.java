package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Term;
import dev.peerl.runtime.connection.TestCertificates;
import dev.peerl.runtime.connection.TestCertificates.Identity;
import dev.peerl.runtime.connection.TlsConfigurationException;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TLS distribution against real erl nodes started with {@code -proto_dist inet_tls
 * -ssl_dist_optfile FILE}, both ways, with mutual TLS; certificates from {@link TestCertificates}.
 */
class TlsInteropTest {
  private static final String COOKIE = "peerl_tls_cookie";
  private static final TestCertificates CERTS = TestCertificates.get();
  private static final AtomicInteger OPTION_FILES = new AtomicInteger();

  /**
   * erl with TLS, requiring a certificate from the nodes that dial it, presenting its own, with TLS
   * 1.3 (OTP's TLS distribution speaks only 1.2 unless told; the other nodes here keep that).
   */
  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(
          tlsErl(CERTS.node(), CERTS.caFile(), true, ", {versions, ['tlsv1.3', 'tlsv1.2']}"));

  /**
   * An erl node with TLS distribution: {@code identity} as its certificate (also as a client when
   * {@code clientCertificate}), trusting {@code cacert}, as a server requiring a client's
   * certificate ({@code verify_peer} with {@code fail_if_no_peer_cert}).
   */
  private static ErlangTestNode.Builder tlsErl(
      Identity identity, Path cacert, boolean clientCertificate) {
    return tlsErl(identity, cacert, clientCertificate, "");
  }

  /** The same, with more ssl options for both sides ({@code ", {Key, Value}..."}). */
  private static ErlangTestNode.Builder tlsErl(
      Identity identity, Path cacert, boolean clientCertificate, String moreOptions) {
    String own =
        "{certfile, \"" + identity.certFile() + "\"}, {keyfile, \"" + identity.keyFile() + "\"}, ";
    String trust = "{cacertfile, \"" + cacert + "\"}, {verify, verify_peer}" + moreOptions;
    String options =
        "[{server, ["
            + own
            + trust
            + ", {fail_if_no_peer_cert, true}]},\n {client, ["
            + (clientCertificate ? own : "")
            + trust
            + "]}].\n";
    Path file = CERTS.directory().resolve("dist-" + OPTION_FILES.incrementAndGet() + ".conf");
    try {
      Files.writeString(file, options, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ErlangTestNode.builder()
        .cookie(COOKIE)
        .args("-proto_dist", "inet_tls", "-ssl_dist_optfile", file.toString());
  }

  /** Peerl's TLS settings from PEM files, the same erl uses. */
  private static String pemTls(boolean verifyPeer) {
    return "peerl.tls { enabled = on, cert-file = \""
        + CERTS.node().certFile()
        + "\", key-file = \""
        + CERTS.node().keyFile()
        + "\", cacert-file = \""
        + CERTS.caFile()
        + "\", verify-peer = "
        + verifyPeer
        + " }";
  }

  /** Peerl's TLS settings from PKCS12 stores. */
  private static String pkcs12Tls() {
    return "peerl.tls { enabled = on, key-store = \""
        + CERTS.node().keyStore()
        + "\", key-store-password = \""
        + TestCertificates.PASSWORD
        + "\", trust-store = \""
        + CERTS.trustStore()
        + "\", trust-store-password = \""
        + TestCertificates.PASSWORD
        + "\" }";
  }

  private static JavaNode javaNode(String tlsConfig) throws Exception {
    return JavaNode.start(JavaNode.hostOf(erlang.node().nodeName()), COOKIE, tlsConfig);
  }

  private static Term eval(ErlangTestNode on, String expression, JavaNode java) {
    return on.eval(expression, Map.of("Java", java.name()));
  }

  /** erl sends {@code {self(), hello}} to the Java echo process and returns what comes back. */
  private static Term echoFrom(ErlangTestNode on, JavaNode java) {
    return eval(
        on, "{echo, Java} ! {self(), hello}, receive R -> R after 5000 -> timeout end", java);
  }

  /** The protocol erl's net_kernel records for its connection to {@code java}. */
  private static Term protocolOnErl(JavaNode java) {
    return eval(
        erlang.node(),
        "{ok, Info} = net_kernel:node_info(Java),"
            + " {address, Address} = lists:keyfind(address, 1, Info),"
            + " element(4, Address)",
        java);
  }

  private static Term connect(ErlangTestNode on, JavaNode java) {
    return eval(on, "net_kernel:connect_node(Java)", java);
  }

  @Test
  void javaDialsAnErlNodeOverTlsAndMessagesGoBothWays() throws Exception {
    try (JavaNode java = javaNode(pkcs12Tls())) {
      java.echo("echo");
      java.node.connect(erlang.node().nodeAtom()).toCompletableFuture().get(10, TimeUnit.SECONDS);

      assertEquals(Atom.of("hello"), echoFrom(erlang.node(), java));
      assertEquals(Atom.of("tls"), protocolOnErl(java));
      assertEquals(1, java.node.connectedNodes().size());
    }
  }

  @Test
  void anErlNodeDialsJavaOverTlsAndMessagesGoBothWays() throws Exception {
    try (JavaNode java = javaNode(pemTls(true))) {
      java.echo("echo");

      assertEquals(Atom.of("hello"), echoFrom(erlang.node(), java));
      assertEquals(Atom.of("tls"), protocolOnErl(java));
      assertTrue(java.node.connectedNodes().contains(erlang.node().nodeAtom()));
    }
  }

  @Test
  void anErlNodeWithoutACertificateIsRefusedOnlyWhenVerifyPeerIsOn() throws Exception {
    try (ErlangTestNode anonymous = tlsErl(CERTS.node(), CERTS.caFile(), false).start();
        JavaNode strict = javaNode(pemTls(true));
        JavaNode lenient = javaNode(pemTls(false))) {
      assertEquals(Atom.FALSE, connect(anonymous, strict));
      assertTrue(strict.node.connectedNodes().isEmpty());

      assertEquals(Atom.TRUE, connect(anonymous, lenient));
      // The strict node still takes a node with a certificate.
      assertEquals(Atom.TRUE, connect(erlang.node(), strict));
    }
  }

  @Test
  void aCertificateNoTrustedCaSignedIsRefusedBothWays() throws Exception {
    // The stranger (self-signed) trusts our CA, so only Java's checks can refuse it.
    try (ErlangTestNode stranger = tlsErl(CERTS.stranger(), CERTS.caFile(), true).start();
        JavaNode java = javaNode(pemTls(true))) {
      assertEquals(Atom.FALSE, connect(stranger, java));

      ExecutionException refused =
          assertThrows(
              ExecutionException.class,
              () ->
                  java.node
                      .connect(stranger.nodeAtom())
                      .toCompletableFuture()
                      .get(10, TimeUnit.SECONDS));
      assertNotNull(sslCause(refused), () -> "not refused by TLS: " + refused);
      assertTrue(java.node.connectedNodes().isEmpty());

      assertEquals(Atom.TRUE, connect(erlang.node(), java));
    }
  }

  @Test
  void aPlainTcpNodeIsRefusedAndTheTlsConnectionsCarryOn() throws Exception {
    try (ErlangTestNode plain = ErlangTestNode.builder().cookie(COOKIE).start();
        JavaNode java = javaNode(pemTls(true))) {
      java.echo("echo");
      assertEquals(Atom.of("hello"), echoFrom(erlang.node(), java));

      assertEquals(Atom.of("pang"), eval(plain, "net_adm:ping(Java)", java));
      assertEquals(Atom.FALSE, eval(plain, "lists:member(Java, nodes(hidden))", java));

      assertEquals(Atom.of("hello"), echoFrom(erlang.node(), java));
      assertEquals(Set.of(erlang.node().nodeAtom()), java.node.connectedNodes());
    }
  }

  @Test
  void aNodeWhoseKeyCannotBeReadDoesNotStartAndSaysWhy() {
    Path missing = CERTS.directory().resolve("no-such-key.pem");
    ActorTestKit testKit =
        ActorTestKit.create(
            "TlsInteropTest-bad-key",
            ConfigFactory.parseString(
                    "peerl { node-name = \"peerl_bad_key@localhost\", cookie = \""
                        + COOKIE
                        + "\", epmd.embedded = never }\n"
                        + pemTls(true)
                            .replace(CERTS.node().keyFile().toString(), missing.toString()))
                .withFallback(ConfigFactory.load()));
    try {
      Throwable thrown = assertThrows(Throwable.class, () -> ErlangNode.get(testKit.system()));
      TlsConfigurationException error = cause(thrown, TlsConfigurationException.class);
      assertNotNull(error, () -> "not a TlsConfigurationException: " + thrown);
      assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
    } finally {
      testKit.shutdownTestKit();
    }
  }

  private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
    }
    return null;
  }

  private static SSLException sslCause(Throwable failure) {
    return cause(failure, SSLException.class);
  }
}
