import { useEffect } from 'react';
import { useLocation, navigate } from './router';
import { LoginPage } from './pages/LoginPage/LoginPage';
import { VerifyPage } from './pages/VerifyPage/VerifyPage';
import { DashboardPage } from './pages/DashboardPage/DashboardPage';

function NotFound() {
  useEffect(() => navigate('/', { replace: true }), []);
  return null;
}

export function App() {
  const { pathname } = useLocation();
  switch (pathname) {
    case '/':
      return <DashboardPage />;
    case '/login':
      return <LoginPage />;
    case '/auth/verify':
      return <VerifyPage />;
    default:
      return <NotFound />;
  }
}
