package dev.svcsim.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The structural checks find what they are there to find. */
class RulesStructureCheckTest {

  private static final String GOOD = """
      # Generated
      *nat
      :PREROUTING ACCEPT [0:0]
      :KUBE-SERVICES - [0:0]
      :KUBE-SVC-AAAAAAAAAAAAAAAA - [0:0]
      -A PREROUTING -j KUBE-SERVICES
      -A KUBE-SERVICES -d 10.96.0.1 -j KUBE-SVC-AAAAAAAAAAAAAAAA
      -A KUBE-SVC-AAAAAAAAAAAAAAAA -j DNAT --to-destination 10.0.0.1:80
      COMMIT
      """;

  private static void assertProblem(List<String> problems, String part) {
    assertTrue(problems.stream().anyMatch(p -> p.contains(part)), () -> "expected a problem with \"" + part + "\": "
        + problems);
  }

  @Test
  void iptablesSave() {
    assertEquals(List.of(), RulesStructure.iptablesSave(GOOD));
    assertProblem(RulesStructure.iptablesSave(GOOD.replace("COMMIT\n", "")), "has no COMMIT");
    assertProblem(RulesStructure.iptablesSave(GOOD.replace("-j DNAT --to-destination 10.0.0.1:80", "-j KUBE-SEP-X")),
        "neither a built-in target nor a declared chain");
    assertProblem(RulesStructure.iptablesSave(GOOD.replace(":KUBE-SERVICES - [0:0]\n", "")
        + ""), "rule for a chain not declared");
    assertProblem(RulesStructure.iptablesSave(GOOD.replace("-A PREROUTING -j KUBE-SERVICES\n",
        "-A PREROUTING -j KUBE-SERVICES\n:KUBE-LATE - [0:0]\n")), "declared after the first rule");
    assertProblem(RulesStructure.iptablesSave(GOOD.replace(":KUBE-SERVICES - [0:0]\n",
        ":KUBE-SERVICES - [0:0]\n:KUBE-SERVICES - [0:0]\n")), "declared twice");
    assertProblem(RulesStructure.iptablesSave(GOOD.replace("-A KUBE-SERVICES -d 10.96.0.1 -j KUBE-SVC-AAAAAAAAAAAAAAAA\n",
        "")), "nothing jumps to it");
    assertProblem(RulesStructure.iptablesSave(GOOD.replace("*nat\n", "")), "outside a table");
    assertProblem(RulesStructure.iptablesSave(GOOD.replace("-j KUBE-SERVICES", "-j PREROUTING")),
        "neither a built-in target nor a declared chain");
  }

  @Test
  void nft() {
    String good = """
        table ip kube-proxy {
        \tmap service-ips {
        \t\telements = { 10.96.0.1 . tcp . 80 : goto service-A }
        \t}
        \tchain services {
        \t\tip daddr . meta l4proto . th dport vmap @service-ips
        \t}
        \tchain service-A {
        \t\tnumgen random mod 1 vmap { 0 : goto endpoint-B }
        \t}
        \tchain endpoint-B {
        \t\tmeta l4proto tcp dnat to 10.0.0.1:80 comment "a @b goto c"
        \t}
        }
        """;
    assertEquals(List.of(), RulesStructure.nft(good));
    assertProblem(RulesStructure.nft(good.replace("goto endpoint-B", "goto endpoint-C")), "not defined: endpoint-C");
    assertProblem(RulesStructure.nft(good.replace("@service-ips", "@service-ipz")), "@service-ipz is not a defined");
    assertProblem(RulesStructure.nft(good + "}\n"), "closes nothing");
    assertProblem(RulesStructure.nft(good.replace("goto service-A", "drop")), "nothing goes to it");
  }

  @Test
  void ipvsadm() {
    String good = """
        IP Virtual Server version 1.2.1 (size=4096)
        Prot LocalAddress:Port Scheduler Flags
          -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
        TCP  10.96.0.1:443 rr
          -> 192.168.0.1:6443             Masq    1      0          0
        """;
    assertEquals(List.of(), RulesStructure.ipvsadm(good));
    assertProblem(RulesStructure.ipvsadm(good.replace("Prot LocalAddress:Port Scheduler Flags\n", "")), "header");
    assertProblem(RulesStructure.ipvsadm(good + "what\n"), "not an ipvsadm line");
    assertProblem(RulesStructure.ipvsadm(good + "TCP  10.96.0.1:443 rr\n"), "listed twice");
  }
}
