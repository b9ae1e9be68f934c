import { createApp } from 'vue';
import { createPinia } from 'pinia';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import 'leaflet/dist/leaflet.css';
import './styles/theme.css';
import './styles/map.css';
import App from './App.vue';
import { i18n, currentLocale } from './i18n';
import { router } from './router';

document.documentElement.lang = currentLocale();

createApp(App).use(createPinia()).use(router).use(i18n).use(ElementPlus).mount('#app');
