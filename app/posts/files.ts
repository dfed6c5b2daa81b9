// Where a post's attached files are served: the media library's own addresses (app/media/).
import { mediaFileUrl, thumbnailUrl } from '../media/store.ts';

export const fileUrl = (file: { id: string; name: string }) => mediaFileUrl(file);
export const imagePreviewUrl = (file: { id: string }) => thumbnailUrl(file);
