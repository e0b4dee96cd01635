/**
 * The SDL2 functions ejemu uses, bound through koffi from libSDL2-2.0.so.0
 * (Debian package libsdl2-2.0-0): no native build step. Only what the SDL
 * frontend needs is declared. Constants are from the SDL 2 headers
 * (SDL.h, SDL_video.h, SDL_render.h, SDL_pixels.h, SDL_audio.h, SDL_hints.h),
 * checked against /usr/include/SDL2 of libsdl2-dev 2.26.
 */
import koffi from "koffi";

/** SDL_Init flags (SDL.h). */
export const SDL_INIT_AUDIO = 0x00000010;
export const SDL_INIT_VIDEO = 0x00000020;
export const SDL_INIT_GAMECONTROLLER = 0x00002000;

/** SDL_WindowFlags (SDL_video.h). */
export const SDL_WINDOW_FULLSCREEN_DESKTOP = 0x00001001;
export const SDL_WINDOW_RESIZABLE = 0x00000020;
export const SDL_WINDOW_ALLOW_HIGHDPI = 0x00002000;
export const SDL_WINDOWPOS_CENTERED = 0x2fff0000;

/** SDL_PIXELFORMAT_ARGB8888: packed 32-bit 0xAARRGGBB in native order (SDL_pixels.h). */
export const SDL_PIXELFORMAT_ARGB8888 = 0x16362004;
export const SDL_TEXTUREACCESS_STREAMING = 1;
export const SDL_BLENDMODE_NONE = 0;

/** AUDIO_S16SYS on a little-endian host = AUDIO_S16LSB (SDL_audio.h). */
export const AUDIO_S16LSB = 0x8010;
/** sizeof(SDL_AudioSpec) = 32: freq i32 @0, format u16 @4, channels u8 @6, silence u8 @7,
 * samples u16 @8, padding u16 @10, size u32 @12, callback ptr @16, userdata ptr @24. */
export const SDL_AUDIOSPEC_SIZE = 32;

/** sizeof(SDL_Event) = 56 on 64-bit hosts (the union is padded to 56 bytes). */
export const SDL_EVENT_SIZE = 56;

type Pointer = unknown;

export interface SdlLibrary {
  SDL_Init(flags: number): number;
  SDL_InitSubSystem(flags: number): number;
  SDL_QuitSubSystem(flags: number): void;
  SDL_Quit(): void;
  SDL_GetError(): string;
  SDL_SetHint(name: string, value: string): number;
  SDL_GetCurrentVideoDriver(): string | null;
  SDL_CreateWindow(title: string, x: number, y: number, w: number, h: number, flags: number): Pointer;
  SDL_DestroyWindow(window: Pointer): void;
  SDL_SetWindowTitle(window: Pointer, title: string): void;
  SDL_SetWindowFullscreen(window: Pointer, flags: number): number;
  SDL_GetWindowFlags(window: Pointer): number;
  SDL_SetWindowSize(window: Pointer, w: number, h: number): void;
  SDL_CreateRenderer(window: Pointer, index: number, flags: number): Pointer;
  SDL_DestroyRenderer(renderer: Pointer): void;
  SDL_RenderSetLogicalSize(renderer: Pointer, w: number, h: number): number;
  SDL_RenderSetIntegerScale(renderer: Pointer, enable: number): number;
  SDL_GetRendererOutputSize(renderer: Pointer, w: Int32Array, h: Int32Array): number;
  SDL_CreateTexture(renderer: Pointer, format: number, access: number, w: number, h: number): Pointer;
  SDL_DestroyTexture(texture: Pointer): void;
  SDL_SetTextureBlendMode(texture: Pointer, mode: number): number;
  SDL_UpdateTexture(texture: Pointer, rect: null, pixels: Uint32Array, pitch: number): number;
  SDL_SetRenderDrawColor(renderer: Pointer, r: number, g: number, b: number, a: number): number;
  SDL_RenderClear(renderer: Pointer): number;
  SDL_RenderCopy(renderer: Pointer, texture: Pointer, src: null, dst: null): number;
  SDL_RenderPresent(renderer: Pointer): void;
  SDL_RenderReadPixels(renderer: Pointer, rect: null, format: number, pixels: Uint32Array, pitch: number): number;
  SDL_PollEvent(event: Uint8Array): number;
  SDL_PushEvent(event: Uint8Array): number;
  SDL_OpenAudioDevice(device: null, iscapture: number, desired: Uint8Array, obtained: Uint8Array, allowedChanges: number): number;
  SDL_CloseAudioDevice(device: number): void;
  SDL_PauseAudioDevice(device: number, pause: number): void;
  SDL_QueueAudio(device: number, data: Int16Array, bytes: number): number;
  SDL_GetQueuedAudioSize(device: number): number;
  SDL_ClearQueuedAudio(device: number): void;
  SDL_IsGameController(deviceIndex: number): number;
  SDL_GameControllerOpen(deviceIndex: number): Pointer;
  SDL_GameControllerClose(controller: Pointer): void;
  SDL_GameControllerGetJoystick(controller: Pointer): Pointer;
  SDL_JoystickInstanceID(joystick: Pointer): number;
}

/** C prototypes as koffi parses them; opaque SDL objects are `void *`. */
const PROTOTYPES: { readonly [K in keyof SdlLibrary]: string } = {
  SDL_Init: "int SDL_Init(uint32_t flags)",
  SDL_InitSubSystem: "int SDL_InitSubSystem(uint32_t flags)",
  SDL_QuitSubSystem: "void SDL_QuitSubSystem(uint32_t flags)",
  SDL_Quit: "void SDL_Quit()",
  SDL_GetError: "const char *SDL_GetError()",
  SDL_SetHint: "int SDL_SetHint(const char *name, const char *value)",
  SDL_GetCurrentVideoDriver: "const char *SDL_GetCurrentVideoDriver()",
  SDL_CreateWindow: "void *SDL_CreateWindow(const char *title, int x, int y, int w, int h, uint32_t flags)",
  SDL_DestroyWindow: "void SDL_DestroyWindow(void *window)",
  SDL_SetWindowTitle: "void SDL_SetWindowTitle(void *window, const char *title)",
  SDL_SetWindowFullscreen: "int SDL_SetWindowFullscreen(void *window, uint32_t flags)",
  SDL_GetWindowFlags: "uint32_t SDL_GetWindowFlags(void *window)",
  SDL_SetWindowSize: "void SDL_SetWindowSize(void *window, int w, int h)",
  SDL_CreateRenderer: "void *SDL_CreateRenderer(void *window, int index, uint32_t flags)",
  SDL_DestroyRenderer: "void SDL_DestroyRenderer(void *renderer)",
  SDL_RenderSetLogicalSize: "int SDL_RenderSetLogicalSize(void *renderer, int w, int h)",
  SDL_RenderSetIntegerScale: "int SDL_RenderSetIntegerScale(void *renderer, int enable)",
  SDL_GetRendererOutputSize: "int SDL_GetRendererOutputSize(void *renderer, _Out_ int *w, _Out_ int *h)",
  SDL_CreateTexture: "void *SDL_CreateTexture(void *renderer, uint32_t format, int access, int w, int h)",
  SDL_DestroyTexture: "void SDL_DestroyTexture(void *texture)",
  SDL_SetTextureBlendMode: "int SDL_SetTextureBlendMode(void *texture, int mode)",
  SDL_UpdateTexture: "int SDL_UpdateTexture(void *texture, const void *rect, const void *pixels, int pitch)",
  SDL_SetRenderDrawColor: "int SDL_SetRenderDrawColor(void *renderer, uint8_t r, uint8_t g, uint8_t b, uint8_t a)",
  SDL_RenderClear: "int SDL_RenderClear(void *renderer)",
  SDL_RenderCopy: "int SDL_RenderCopy(void *renderer, void *texture, const void *src, const void *dst)",
  SDL_RenderPresent: "void SDL_RenderPresent(void *renderer)",
  SDL_RenderReadPixels: "int SDL_RenderReadPixels(void *renderer, const void *rect, uint32_t format, void *pixels, int pitch)",
  SDL_PollEvent: "int SDL_PollEvent(void *event)",
  SDL_PushEvent: "int SDL_PushEvent(void *event)",
  SDL_OpenAudioDevice: "uint32_t SDL_OpenAudioDevice(const char *device, int iscapture, const void *desired, void *obtained, int allowed_changes)",
  SDL_CloseAudioDevice: "void SDL_CloseAudioDevice(uint32_t dev)",
  SDL_PauseAudioDevice: "void SDL_PauseAudioDevice(uint32_t dev, int pause_on)",
  SDL_QueueAudio: "int SDL_QueueAudio(uint32_t dev, const void *data, uint32_t len)",
  SDL_GetQueuedAudioSize: "uint32_t SDL_GetQueuedAudioSize(uint32_t dev)",
  SDL_ClearQueuedAudio: "void SDL_ClearQueuedAudio(uint32_t dev)",
  SDL_IsGameController: "int SDL_IsGameController(int joystick_index)",
  SDL_GameControllerOpen: "void *SDL_GameControllerOpen(int joystick_index)",
  SDL_GameControllerClose: "void SDL_GameControllerClose(void *gamecontroller)",
  SDL_GameControllerGetJoystick: "void *SDL_GameControllerGetJoystick(void *gamecontroller)",
  SDL_JoystickInstanceID: "int32_t SDL_JoystickInstanceID(void *joystick)",
};

/** The shared library's file name (what `koffi.load` looks up). */
export const SDL_LIBRARY_NAME = "libSDL2-2.0.so.0";
/** The Debian package that provides it. */
export const SDL_DEBIAN_PACKAGE = "libsdl2-2.0-0";

let loaded: SdlLibrary | null = null;

/** Load libSDL2 once; throws when the library cannot be loaded. */
export function loadSdl(): SdlLibrary {
  if (loaded) return loaded;
  const lib = koffi.load(SDL_LIBRARY_NAME);
  const bound: Record<string, unknown> = {};
  for (const [name, prototype] of Object.entries(PROTOTYPES)) bound[name] = lib.func(prototype);
  loaded = bound as unknown as SdlLibrary;
  return loaded;
}

/** True when libSDL2 can be loaded. */
export function sdlAvailable(): boolean {
  try {
    loadSdl();
    return true;
  } catch {
    return false;
  }
}
