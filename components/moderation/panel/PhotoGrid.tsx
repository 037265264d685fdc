"use client";

import { useState } from "react";
import { Button, Space, Typography } from "antd";
import { EyeOutlined } from "@ant-design/icons";

/**
 * A photo is shown only from this origin: the Content-Security-Policy allows images from nowhere else
 * (lib/securityHeaders.ts), so a photo on another host is a tile with a link to open it.
 */
const sameOrigin = (url: string) => url.startsWith("/") && !url.startsWith("//");

function Tile({ url, index, reported }: { url: string; index: number; reported: boolean }) {
  const label = `Photo ${index + 1}${reported ? " (reported)" : ""}`;
  return (
    <figure
      style={{
        margin: 0,
        width: 120,
        height: 120,
        border: reported ? "2px solid #cf1322" : "1px solid #d9d9d9",
        borderRadius: 6,
        display: "flex",
        flexDirection: "column",
        alignItems: "center",
        justifyContent: "center",
        overflow: "hidden",
      }}
    >
      {sameOrigin(url) ? (
        // eslint-disable-next-line @next/next/no-img-element -- user photos from our own origin, any size
        <img src={url} alt={label} style={{ width: "100%", height: "100%", objectFit: "cover" }} />
      ) : (
        <>
          <figcaption style={{ fontSize: 12 }}>{label}</figcaption>
          <a href={url} target="_blank" rel="noopener noreferrer" style={{ fontSize: 12 }}>
            Open original
          </a>
        </>
      )}
    </figure>
  );
}

/**
 * The profile's photos. For sexual-content and violence reports they start hidden (a blurred
 * placeholder): the moderator chooses to look, photo by photo, instead of being shown them.
 */
export function PhotoGrid({
  photos,
  blurred,
  reported,
}: {
  photos: string[];
  blurred: boolean;
  reported: Set<number>;
}) {
  const [shown, setShown] = useState<Set<number>>(new Set());
  if (photos.length === 0) return <Typography.Text type="secondary">No photos.</Typography.Text>;
  return (
    <Space wrap size={8} data-testid="subject-photos">
      {photos.map((url, index) =>
        blurred && !shown.has(index) ? (
          <div
            key={url + index}
            data-testid="blurred-photo"
            style={{
              position: "relative",
              width: 120,
              height: 120,
              borderRadius: 6,
              overflow: "hidden",
              background: "repeating-linear-gradient(45deg, #595959, #595959 8px, #434343 8px, #434343 16px)",
              display: "flex",
              alignItems: "center",
              justifyContent: "center",
            }}
          >
            {sameOrigin(url) && (
              // eslint-disable-next-line @next/next/no-img-element -- blurred until the moderator asks to see it
              <img
                src={url}
                alt=""
                aria-hidden
                style={{
                  position: "absolute",
                  inset: 0,
                  width: "100%",
                  height: "100%",
                  objectFit: "cover",
                  filter: "blur(24px)",
                }}
              />
            )}
            <Button
              size="small"
              icon={<EyeOutlined />}
              onClick={() => setShown(new Set(shown).add(index))}
              style={{ position: "relative" }}
            >
              Show photo {index + 1}
            </Button>
          </div>
        ) : (
          <Tile key={url + index} url={url} index={index} reported={reported.has(index)} />
        ),
      )}
    </Space>
  );
}
