import { MapScreen } from "@/components/map/MapScreen";
import { currentActor } from "@/server/auth/actor";
import { can } from "@/server/auth/permissions";

export const dynamic = "force-dynamic";

const defaultTiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
const defaultAttribution = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

/** The map screen: the role decides what the client may ask for (the routes enforce it again). */
export default async function MapPage() {
  const actor = await currentActor();
  if (!actor || !can(actor.role, "list", "map")) {
    return <p>Your role cannot open the map.</p>;
  }
  return (
    <MapScreen
      tileUrl={process.env.MAP_TILE_URL || defaultTiles}
      tileAttribution={process.env.MAP_TILE_ATTRIBUTION || defaultAttribution}
      canSeePoints={can(actor.role, "list", "map_points")}
      canRefresh={can(actor.role, "edit", "map")}
    />
  );
}
