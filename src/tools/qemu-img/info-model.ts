// ImageInfo as qemu-img builds it, and its two renderings (human lines and --output=json).

import type { QDict, QValue, SnapshotInfo } from '../../block/driver.ts';
import { snapshotJson, snapshotTable } from './snapshot-render.ts';
import { sizeToStr } from '../../util/size.ts';
import { qdictOrder, type QJson } from './qjson.ts';

/** QAPI ImageInfo, the members qemu-img info prints. */
export interface ImageInfo {
  filename: string;
  format: string;
  virtualSize: number;
  /** Bytes on the host; undefined when unknown ("disk size: unavailable"). */
  actualSize?: number;
  dirtyFlag?: boolean;
  clusterSize?: number;
  encrypted?: boolean;
  backingFilename?: string;
  fullBackingFilename?: string;
  backingFilenameFormat?: string;
  formatSpecific?: { type: string; data: QDict };
  /** Internal snapshots, when the image has any. */
  snapshots?: SnapshotInfo[];
}

/** The --output=json object (QDict order is applied when printing). */
export function infoToJson(info: ImageInfo): QJson {
  return {
    'virtual-size': info.virtualSize,
    filename: info.filename,
    'cluster-size': info.clusterSize,
    format: info.format,
    'actual-size': info.actualSize,
    encrypted: info.encrypted === true ? true : undefined,
    'format-specific': info.formatSpecific ? { type: info.formatSpecific.type, data: info.formatSpecific.data as QJson } : undefined,
    'full-backing-filename': info.fullBackingFilename,
    'backing-filename': info.backingFilename,
    'backing-filename-format': info.backingFilenameFormat,
    'dirty-flag': info.dirtyFlag,
    snapshots: info.snapshots?.map(snapshotJson),
  };
}

/** bdrv_image_info_dump(): the human text, every line newline-terminated. */
export function infoToHuman(info: ImageInfo): string {
  const lines: string[] = [];
  lines.push(`image: ${info.filename}`);
  lines.push(`file format: ${info.format}`);
  lines.push(`virtual size: ${sizeToStr(info.virtualSize)} (${info.virtualSize} bytes)`);
  lines.push(`disk size: ${info.actualSize === undefined ? 'unavailable' : sizeToStr(info.actualSize)}`);
  if (info.encrypted) lines.push('encrypted: yes');
  if (info.clusterSize !== undefined) lines.push(`cluster_size: ${info.clusterSize}`);
  if (info.dirtyFlag) lines.push('cleanly shut down: no');
  if (info.backingFilename !== undefined) {
    let line = `backing file: ${info.backingFilename}`;
    if (info.fullBackingFilename !== undefined && info.fullBackingFilename !== info.backingFilename) {
      line += ` (actual path: ${info.fullBackingFilename})`;
    }
    lines.push(line);
  }
  if (info.backingFilenameFormat !== undefined) lines.push(`backing file format: ${info.backingFilenameFormat}`);
  let text = lines.map((l) => l + '\n').join('');
  if (info.snapshots) text += snapshotTable(info.snapshots);
  if (info.formatSpecific) {
    text += 'Format specific information:\n';
    text += dumpQObject(info.formatSpecific.data, 1);
  }
  return text;
}

function scalar(v: QValue): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null) return 'null';
  return String(v);
}

/** QEMU's dump_qobject()/dump_qdict(): "key: value", '-' in keys shown as ' ', nesting by 4 spaces. */
export function dumpQObject(v: QValue, indent: number): string {
  const pad = '    '.repeat(indent);
  let out = '';
  if (Array.isArray(v)) {
    v.forEach((e, i) => {
      const composite = e !== null && typeof e === 'object';
      out += composite ? `${pad}[${i}]:\n${dumpQObject(e, indent + 1)}` : `${pad}[${i}]: ${scalar(e)}\n`;
    });
    return out;
  }
  if (v !== null && typeof v === 'object') {
    for (const key of qdictOrder(Object.keys(v))) {
      const e = v[key]!;
      const name = key.replace(/-/g, ' ');
      const composite = e !== null && typeof e === 'object';
      out += composite ? `${pad}${name}:\n${dumpQObject(e, indent + 1)}` : `${pad}${name}: ${scalar(e)}\n`;
    }
    return out;
  }
  return `${pad}${scalar(v)}\n`;
}
