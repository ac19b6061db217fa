package dev.svcsim.models.service;

import dev.svcsim.models.cluster.ContainerPort;
import dev.svcsim.models.cluster.Protocol;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A Service port's {@code targetPort}: a number, or the name of a container port resolved per
 * pod (different pods may map one name to different numbers).
 *
 * @param number the port number, or 0 when named
 * @param name the container port name, or "" when numeric
 */
public record TargetPort(int number, String name) {

  public TargetPort {
    Objects.requireNonNull(name, "name");
    if ((number == 0) == name.isEmpty()) {
      throw new IllegalArgumentException("a targetPort is either a number or a name");
    }
  }

  public static TargetPort of(int number) {
    return new TargetPort(number, "");
  }

  public static TargetPort named(String name) {
    return new TargetPort(0, name);
  }

  public boolean isNamed() {
    return number == 0;
  }

  /**
   * The port number on a pod with these container ports: the number itself, or the first
   * container port with this name and protocol (as the endpoints controllers' {@code FindPort}
   * does); empty when the pod has no such port.
   */
  public OptionalInt resolve(List<ContainerPort> containerPorts, Protocol protocol) {
    if (!isNamed()) {
      return OptionalInt.of(number);
    }
    for (ContainerPort p : containerPorts) {
      if (p.name().equals(name) && p.protocol() == protocol) {
        return OptionalInt.of(p.port());
      }
    }
    return OptionalInt.empty();
  }

  @Override
  public String toString() {
    return isNamed() ? name : Integer.toString(number);
  }
}
