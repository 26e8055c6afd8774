import { createRootRoute } from '@tanstack/react-router';

/** The root of the route tree; its own module so route groups (adminRoutes) can hang below it. */
export const rootRoute = createRootRoute();
