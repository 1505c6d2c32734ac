export { PriceBook, type AudioCost, type Cost, type ImageCost, type ImageUsage, type PricedDeployment, type ResolvedPrices } from './price-book.ts';
export { countSpeechCharacters } from './count-speech-characters.ts';
export { NANO_PER_USD, nanoToUsdString, usdToNano, type NanoUsd } from './money.ts';
export { PRICE_TABLE_PROVIDER } from './provider-ids.ts';
