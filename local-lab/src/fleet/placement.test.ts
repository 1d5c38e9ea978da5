import { describe, expect, it } from "vitest";
import { chooseHost, placeTasks, type PlacementHost } from "./placement";

const hosts: PlacementHost[] = [
  { id: "lab-a-1", availabilityZone: "lab-a", status: "ACTIVE", capacity: 3, used: 0 },
  { id: "lab-a-2", availabilityZone: "lab-a", status: "ACTIVE", capacity: 3, used: 0 },
  { id: "lab-b-1", availabilityZone: "lab-b", status: "ACTIVE", capacity: 3, used: 0 },
  { id: "lab-b-2", availabilityZone: "lab-b", status: "ACTIVE", capacity: 3, used: 0 },
];

describe("placement", () => {
  it("spreads a service across zones first, then across hosts", () => {
    expect(placeTasks(hosts, new Map(), 4)).toEqual(["lab-a-1", "lab-b-1", "lab-a-2", "lab-b-2"]);
  });

  it("puts the next task in the zone where the service has fewest tasks", () => {
    expect(chooseHost(hosts, new Map([["lab-a-1", 1], ["lab-a-2", 1], ["lab-b-1", 1]]))).toBe("lab-b-2");
  });

  it("skips full, draining and inactive hosts and reports null when nothing fits", () => {
    const constrained: PlacementHost[] = [
      { id: "h1", availabilityZone: "lab-a", status: "DRAINING", capacity: 3, used: 0 },
      { id: "h2", availabilityZone: "lab-a", status: "ACTIVE", capacity: 1, used: 1 },
      { id: "h3", availabilityZone: "lab-b", status: "INACTIVE", capacity: 3, used: 0 },
      { id: "h4", availabilityZone: "lab-b", status: "ACTIVE", capacity: 2, used: 0 },
    ];
    expect(placeTasks(constrained, new Map(), 3)).toEqual(["h4", "h4", null]);
  });

  it("prefers the host with more free slots between equally loaded ones", () => {
    const uneven: PlacementHost[] = [
      { id: "x", availabilityZone: "z", status: "ACTIVE", capacity: 3, used: 2 },
      { id: "y", availabilityZone: "z", status: "ACTIVE", capacity: 3, used: 0 },
    ];
    expect(chooseHost(uneven, new Map())).toBe("y");
  });
});
